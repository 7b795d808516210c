package org.constcl.eval.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.constcl.tfmodel.model.ConstclModel;
import org.constcl.tfmodel.model.ModelConfig;
import org.constcl.tfmodel.trainer.ConfigTree;
import org.constcl.tfmodel.trainer.TrainConfig;
import org.constcl.transforms.io.FileDigest;

/**
 * A pre-trained ConST-CL model to evaluate: the folder holding its variables (a TensorFlow
 * checkpoint named {@code variables}), the config it was trained with (from the run's {@code
 * config.yaml}) and a digest of its variable files. {@link #resolve} accepts a training run folder
 * (its exported SavedModel), a checkpoint folder ({@code <run>/checkpoints/step-N}) or the run's
 * {@code saved_model} folder.
 *
 * @param variables folder whose {@code variables.index} and {@code variables.data-*} hold the weights
 * @param model the pre-training model config
 * @param frameStride the pre-training frame stride
 * @param digest sha256 over the variable files
 * @param origin what the user named
 */
public record PretrainedCheckpoint(Path variables, ModelConfig model, int frameStride, String digest, String origin) {

  public static PretrainedCheckpoint resolve(Path path) throws EvalException {
    Path p = path.toAbsolutePath().normalize();
    if (!Files.exists(p)) {
      throw EvalException.usage("checkpoint " + p + " does not exist");
    }
    try {
      if (Files.isRegularFile(p.resolve("saved_model/variables/variables.index")) && Files.isRegularFile(p.resolve("config.yaml"))) {
        return fromRun(p, p.resolve("saved_model/variables"), p);
      }
      if (Files.isRegularFile(p.resolve("variables/variables.index")) && p.getParent() != null
          && Files.isRegularFile(p.getParent().resolve("config.yaml"))) {
        return fromRun(p.getParent(), p.resolve("variables"), p);
      }
      Path run = p.getParent() == null ? null : p.getParent().getParent();
      if (Files.isRegularFile(p.resolve("variables.index")) && run != null && Files.isRegularFile(run.resolve("config.yaml"))) {
        return fromRun(run, p, p);
      }
    } catch (IOException e) {
      throw EvalException.usage("checkpoint " + p + " is unreadable: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw EvalException.usage("checkpoint " + p + ": its run's config is invalid: " + e.getMessage());
    }
    throw EvalException.usage(p + " is neither a constcl training run (config.yaml, saved_model/), one of its checkpoint "
        + "folders (checkpoints/step-N) nor its saved_model folder");
  }

  private static PretrainedCheckpoint fromRun(Path run, Path variables, Path origin) throws IOException {
    String yaml = Files.readString(run.resolve("config.yaml"), StandardCharsets.UTF_8);
    TrainConfig config = TrainConfig.of(ConfigTree.parse(yaml, run.resolve("config.yaml").toString()));
    return new PretrainedCheckpoint(variables, config.model(), config.data().frameStride(), digest(variables.resolve("variables")),
        origin.toString());
  }

  public String backbone() {
    return model.backbone();
  }

  /**
   * The pre-trained values of {@code names}: the pre-training graph is rebuilt from its config, its
   * checkpoint restored, and the variables read by logical name.
   *
   * @throws EvalException if the checkpoint does not fit its config or lacks a variable
   */
  public Map<String, float[]> read(Collection<String> names) throws EvalException {
    try (ConstclModel m = ConstclModel.build(model)) {
      m.restoreCheckpoint(variables);
      return m.variableValues(names);
    } catch (IOException | RuntimeException e) {
      throw EvalException.usage("checkpoint " + origin + " cannot be read as a " + model.backbone() + " model: "
          + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** sha256 over the checkpoint's index and data files: their names and contents, in name order. */
  static String digest(Path prefix) throws IOException {
    String base = prefix.getFileName().toString();
    List<Path> files;
    try (Stream<Path> s = Files.list(prefix.getParent())) {
      files = s.filter(f -> f.getFileName().toString().startsWith(base + ".")).sorted().toList();
    }
    StringBuilder listing = new StringBuilder();
    for (Path f : files) {
      listing.append(f.getFileName()).append(' ').append(FileDigest.sha256Hex(f)).append('\n');
    }
    try {
      return "sha256:" + HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(listing.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
