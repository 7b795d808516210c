package org.constcl.eval.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.constcl.tfmodel.model.ModelConfig;
import org.constcl.tfmodel.run.RunLayout;
import org.constcl.tfmodel.trainer.ConfigTree;
import org.constcl.tfmodel.trainer.TrainConfig;
import org.constcl.transforms.io.FileDigest;

/**
 * A pre-trained ConST-CL model to evaluate: the folder holding its variables (a TensorFlow
 * checkpoint named {@code variables}, each variable under its logical name), the config it was
 * trained with (from the run's {@code config.yaml}) and a digest of its variable files. {@link
 * #resolve} accepts a training run folder (its exported SavedModel), a checkpoint folder ({@code
 * <run>/checkpoints/step-N}) or the run's {@code saved_model} folder ({@link RunLayout}).
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
      RunLayout run = RunLayout.of(p);
      if (run.isPretrainingRun()) {
        return fromRun(run, run.savedModel().resolve(RunLayout.VARIABLES), p);
      }
      if (p.getParent() != null && RunLayout.holdsVariables(p.resolve(RunLayout.VARIABLES))
          && Files.isRegularFile(RunLayout.of(p.getParent()).config())) {
        return fromRun(RunLayout.of(p.getParent()), p.resolve(RunLayout.VARIABLES), p);
      }
      Path runDir = p.getParent() == null ? null : p.getParent().getParent();
      if (RunLayout.holdsVariables(p) && runDir != null && Files.isRegularFile(RunLayout.of(runDir).config())) {
        return fromRun(RunLayout.of(runDir), p, p);
      }
    } catch (IOException e) {
      throw EvalException.usage("checkpoint " + p + " is unreadable: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw EvalException.usage("checkpoint " + p + ": its run's config is invalid: " + e.getMessage());
    }
    throw EvalException.usage(p + " is neither a constcl training run (config.yaml, saved_model/), one of its checkpoint "
        + "folders (checkpoints/step-N) nor its saved_model folder");
  }

  private static PretrainedCheckpoint fromRun(RunLayout run, Path variables, Path origin) throws IOException {
    String yaml = Files.readString(run.config(), StandardCharsets.UTF_8);
    TrainConfig config = TrainConfig.of(ConfigTree.parse(yaml, run.config().toString()));
    return new PretrainedCheckpoint(variables, config.model(), config.data().frameStride(),
        digest(RunLayout.variablesPrefix(variables)), origin.toString());
  }

  public String backbone() {
    return model.backbone();
  }

  /** The prefix of the variable files ({@code <prefix>.index}, {@code <prefix>.data-*}). */
  public Path variablesPrefix() {
    return RunLayout.variablesPrefix(variables);
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
