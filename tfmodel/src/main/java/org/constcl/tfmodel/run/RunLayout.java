package org.constcl.tfmodel.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The folder of a training run, pre-training or downstream: the one place its file names are
 * spelled. {@code config.yaml} (pre-training config), {@code checkpoints/step-NNNNNNNNN/} (variables
 * and {@code trainer.json}), {@code saved_model/} (the export), {@code metrics.jsonl} (one line per
 * step), {@code events/} (TensorBoard) and {@code _SUMMARY.json} (written last).
 *
 * @param root the run folder
 */
public record RunLayout(Path root) {
  /** Pre-training config file. */
  public static final String CONFIG = "config.yaml";
  public static final String CHECKPOINTS = "checkpoints";
  public static final String SAVED_MODEL = "saved_model";
  public static final String METRICS = "metrics.jsonl";
  public static final String EVENTS = "events";
  public static final String SUMMARY = "_SUMMARY.json";
  /** File name prefix of a checkpoint's (and a SavedModel's) variables: {@code variables.index}, {@code variables.data-*}. */
  public static final String VARIABLES = "variables";
  static final String CHECKPOINT_PREFIX = "step-";

  public RunLayout {
    root = root.toAbsolutePath().normalize();
  }

  public static RunLayout of(Path root) {
    return new RunLayout(root);
  }

  public Path config() {
    return root.resolve(CONFIG);
  }

  public Path checkpoints() {
    return root.resolve(CHECKPOINTS);
  }

  /** The folder of the checkpoint taken after {@code step} steps. */
  public Path checkpoint(long step) {
    return checkpoints().resolve(String.format(Locale.ROOT, "%s%09d", CHECKPOINT_PREFIX, step));
  }

  public Path savedModel() {
    return root.resolve(SAVED_MODEL);
  }

  public Path metrics() {
    return root.resolve(METRICS);
  }

  public Path events() {
    return root.resolve(EVENTS);
  }

  public Path summary() {
    return root.resolve(SUMMARY);
  }

  /** Whether the folder holds what a finished pre-training run leaves: its config and exported model. */
  public boolean isPretrainingRun() {
    return Files.isRegularFile(config()) && holdsVariables(savedModel().resolve(VARIABLES));
  }

  /** Whether the folder holds anything a training run writes (so clearing it loses no user file). */
  public boolean looksLikeRun() {
    return Stream.of(CONFIG, METRICS, CHECKPOINTS, EVENTS, SAVED_MODEL, SUMMARY).anyMatch(n -> Files.exists(root.resolve(n)));
  }

  /** The variables prefix inside a checkpoint folder or a SavedModel's {@code variables/} folder. */
  public static Path variablesPrefix(Path folder) {
    return folder.resolve(VARIABLES);
  }

  /** Whether {@code folder} holds a checkpoint's variables ({@code variables.index}). */
  public static boolean holdsVariables(Path folder) {
    return Files.isRegularFile(folder.resolve(VARIABLES + ".index"));
  }
}
