package org.constcl.tfmodel.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.constcl.transforms.io.FileTrees;

/**
 * Checkpoints of a run ({@link RunLayout#checkpoint}): the model's variables and {@code
 * trainer.json} — the step, the data position to resume from, and the digest and content of the
 * config that made it (a resumed run must have the same). A checkpoint is written into a temporary
 * folder and renamed, so one that exists is complete, even after a SIGKILL. Keeps the newest
 * {@code keep}.
 */
public final class CheckpointStore {
  static final String STATE = "trainer.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final RunLayout run;
  private final int keep;

  public CheckpointStore(RunLayout run, int keep) {
    this.run = run;
    this.keep = keep;
  }

  /**
   * What a checkpoint says about the run.
   *
   * @param folder the checkpoint folder
   * @param step steps done
   * @param nextPosition the data position the next step starts from
   * @param configDigest digest of the config that made it
   * @param config that config, as JSON
   */
  public record State(Path folder, long step, long nextPosition, String configDigest, JsonNode config) {}

  /**
   * {@code sha256:<hex>} of a config's JSON (an object Jackson serialises): what a checkpoint
   * records, so that a run resumes only from checkpoints of the same config.
   */
  public static String configDigest(Object config) throws IOException {
    try {
      return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(new ObjectMapper().writeValueAsBytes(config)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The latest complete checkpoint, if any; leftovers of interrupted saves are deleted. */
  public Optional<State> latest() throws IOException {
    Path dir = run.checkpoints();
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    List<Path> complete = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith(".")) {
          FileTrees.delete(p);
        } else if (name.startsWith(RunLayout.CHECKPOINT_PREFIX) && Files.isRegularFile(p.resolve(STATE))) {
          complete.add(p);
        }
      }
    }
    return complete.stream().max(Comparator.comparing(p -> p.getFileName().toString())).map(CheckpointStore::read);
  }

  private static State read(Path folder) {
    try {
      JsonNode s = JSON.readTree(folder.resolve(STATE).toFile());
      return new State(folder, s.get("step").asLong(), s.get("next_position").asLong(), s.get("config_digest").asText(),
          s.get("config"));
    } catch (IOException | RuntimeException e) {
      throw new UncheckedIOException("unreadable checkpoint state " + folder.resolve(STATE),
          e instanceof IOException io ? io : new IOException(e));
    }
  }

  /** Saves {@code model} after {@code step} steps; returns the checkpoint folder. */
  public Path save(Checkpointable model, long step, long nextPosition, String configDigest, JsonNode config)
      throws IOException {
    Path target = run.checkpoint(step);
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    FileTrees.delete(tmp);
    model.saveCheckpoint(tmp);
    ObjectNode s = JSON.createObjectNode();
    s.put("step", step);
    s.put("next_position", nextPosition);
    s.put("config_digest", configDigest);
    s.set("config", config);
    Files.write(tmp.resolve(STATE), JSON.writeValueAsBytes(s));
    FileTrees.delete(target);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    prune();
    return target;
  }

  private void prune() throws IOException {
    List<Path> all;
    try (Stream<Path> s = Files.list(run.checkpoints())) {
      all = s.filter(p -> p.getFileName().toString().startsWith(RunLayout.CHECKPOINT_PREFIX)).sorted().toList();
    }
    for (int i = 0; i < all.size() - keep; i++) {
      FileTrees.delete(all.get(i));
    }
  }
}
