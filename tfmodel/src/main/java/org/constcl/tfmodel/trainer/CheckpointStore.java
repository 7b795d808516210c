package org.constcl.tfmodel.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.constcl.tfmodel.model.ConstclModel;
import org.constcl.transforms.io.FileTrees;

/**
 * Checkpoints of a run under {@code <output>/checkpoints/step-NNNNNNNNN/}: the model's variables
 * (weights, momentum slots, batch-norm averages, the global step), its config, and
 * {@code trainer.json} with the data position to resume from. A checkpoint is written into a
 * temporary folder and renamed, so one that exists is complete, even after a SIGKILL.
 */
final class CheckpointStore {
  static final String STATE = "trainer.json";
  private static final String PREFIX = "step-";

  private final Path dir;
  private final int keep;

  CheckpointStore(Path output, int keep) {
    this.dir = output.resolve("checkpoints");
    this.keep = keep;
  }

  /** What a checkpoint says about the run. */
  record State(Path folder, long step, long nextPosition, String configDigest, ConfigTree config) {}

  /** The latest complete checkpoint, if any; leftovers of interrupted saves are deleted. */
  Optional<State> latest() throws IOException {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    List<Path> complete = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith(".")) {
          delete(p);
        } else if (name.startsWith(PREFIX) && Files.isRegularFile(p.resolve(STATE))) {
          complete.add(p);
        }
      }
    }
    return complete.stream().max(Comparator.comparing(p -> p.getFileName().toString())).map(CheckpointStore::read);
  }

  private static State read(Path folder) {
    try {
      JsonNode s = ConfigTree.JSON.readTree(folder.resolve(STATE).toFile());
      return new State(folder, s.get("step").asLong(), s.get("next_position").asLong(), s.get("config_digest").asText(),
          ConfigTree.fromJson(s.get("config").toString()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("unreadable checkpoint state " + folder.resolve(STATE), e);
    }
  }

  /** Saves the model after {@code step} steps; keeps the newest {@code keep} checkpoints. */
  Path save(ConstclModel model, long step, long nextPosition, TrainConfig config) throws IOException {
    Files.createDirectories(dir);
    String name = String.format("%s%09d", PREFIX, step);
    Path tmp = dir.resolve("." + name + ".tmp");
    delete(tmp);
    model.saveCheckpoint(tmp);
    ObjectNode s = ConfigTree.JSON.createObjectNode();
    s.put("step", step);
    s.put("next_position", nextPosition);
    s.put("config_digest", config.digest());
    s.set("config", ConfigTree.JSON.readTree(config.tree().toJson()));
    Files.write(tmp.resolve(STATE), ConfigTree.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(s));
    Path target = dir.resolve(name);
    delete(target);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    prune();
    return target;
  }

  private void prune() throws IOException {
    List<Path> all;
    try (Stream<Path> s = Files.list(dir)) {
      all = s.filter(p -> p.getFileName().toString().startsWith(PREFIX)).sorted().toList();
    }
    for (int i = 0; i < all.size() - keep; i++) {
      delete(all.get(i));
    }
  }

  static void delete(Path p) throws IOException {
    FileTrees.delete(p);
  }
}
