package org.constcl.workflows.cli;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.constcl.tfmodel.trainer.ConfigTree;
import org.constcl.tfmodel.trainer.TrainConfig;
import org.constcl.tfmodel.trainer.TrainException;
import org.constcl.tfmodel.trainer.TrainRequest;
import org.constcl.tfmodel.trainer.Trainer;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ConsoleErrStream;
import org.constcl.workflows.console.ExitCodes;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code constcl train}: pre-train ConST-CL on a clip dataset. See docs/training.md. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Pre-train ConST-CL on a clip dataset (and a box dataset for a precomputed region source): checkpoints,"
          + " metrics.jsonl, a TensorBoard event file, a SavedModel and _SUMMARY.json in --output.",
      "A run resumes from the latest checkpoint in --output. Presets: cpu-small, paper."
    })
final class TrainCommand implements Callable<Integer> {
  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--config", paramLabel = "<train.yaml>", description = "Config file (keys as in docs/training.md).")
    Path config;

    @Option(names = "--preset", paramLabel = "<name>", description = "A built-in config: cpu-small or paper.")
    String preset;

    /** The preset or the file, with {@code settings} (--set) applied. */
    ConfigTree read(Map<String, String> settings) {
      try {
        ConfigTree tree;
        if (preset != null) {
          tree = ConfigTree.preset(preset);
        } else {
          if (!Files.isRegularFile(config)) {
            throw CliException.usage("config file " + config + " not found");
          }
          tree = ConfigTree.parse(Files.readString(config), config.toString());
        }
        for (Map.Entry<String, String> e : settings.entrySet()) {
          tree.set(e.getKey(), e.getValue());
        }
        return tree;
      } catch (IllegalArgumentException e) {
        throw CliException.usage(e.getMessage());
      } catch (IOException e) {
        throw CliException.usage("cannot read " + config + ": " + e.getMessage());
      }
    }
  }

  @Option(names = "--clips", required = true, paramLabel = "<dir>", description = "Clip dataset (constcl ingest).")
  Path clips;

  @Option(names = "--boxes", paramLabel = "<dir>",
      description = "Box dataset of those clips (constcl proposals); sets data.region_source=boxes.")
  Path boxes;

  @Option(names = "--validation-clips", paramLabel = "<dir>",
      description = "Held-out clip dataset: every validation.every steps (and at step 0, the random-init baseline) the"
          + " global and local contrastive loss and accuracy on fixed views of these clips go to metrics.jsonl and"
          + " TensorBoard. Alternatively validation.split holds out a fraction of --clips' videos.")
  Path validationClips;

  @Option(names = "--output", required = true, paramLabel = "<dir>", description = "Run folder.")
  Path output;

  @Option(names = "--steps", paramLabel = "<n>", description = "Sets train.steps.")
  Long steps;

  @Option(names = "--seed", paramLabel = "<n>", description = "Sets train.seed.")
  Long seed;

  @Option(names = "--set", paramLabel = "<key=value>", description = "Sets a config key, e.g. data.clips_per_batch=16.")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(names = "--resume", description = "Require a checkpoint in --output to resume from.")
  boolean resume;

  @Option(names = "--force", description = "Discard a run in --output whose config differs, and start over.")
  boolean force;

  @Option(names = "--print-config", description = "Print the resolved config and exit.")
  boolean printConfig;

  @Option(names = {"-v", "--verbose"}, description = "Show library logs.")
  boolean verbose;

  private final Console console;

  @Inject
  TrainCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    TrainConfig config = config();
    if (printConfig) {
      console.out().print(config.tree().toYaml());
      console.out().flush();
      return ExitCodes.OK;
    }
    PrintStream progress = ConsoleErrStream.printStream(console);
    try {
      JsonNode s = Trainer.run(new TrainRequest(config, clips, boxes, output, resume, force, progress, console.interactive(),
          validationClips));
      report(s);
      return ExitCodes.OK;
    } catch (TrainException e) {
      throw new CliException(e.usage() ? ExitCodes.USAGE : ExitCodes.FAILED, e.getMessage(), e);
    }
  }

  private TrainConfig config() {
    ConfigTree tree = source.read(settings);
    try {
      if (steps != null) tree.set("train.steps", steps.toString());
      if (seed != null) tree.set("train.seed", seed.toString());
      if (boxes != null) tree.set("data.region_source", "boxes");
      return TrainConfig.of(tree);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  private void report(JsonNode s) {
    JsonNode f = s.path("final");
    if (!f.isMissingNode()) {
      console.out().printf(Locale.ROOT, "trained %d steps (from step %d) in %.1f s: loss %.4f (global %.4f, local %.4f), accuracy %.3f%n",
          s.get("steps").asLong(), s.get("resumed_from_step").asLong(), s.get("wall_seconds").asDouble(),
          f.get("loss").asDouble(), f.get("global_loss").asDouble(), f.get("local_loss").asDouble(),
          f.get("accuracy").asDouble());
    }
    JsonNode v = s.path("validation");
    if (v.has("final")) {
      JsonNode zero = v.path("step_0");
      JsonNode last = v.get("final");
      console.out().printf(Locale.ROOT, "held-out (%d clips): global accuracy %.3f, local accuracy %.3f%s%n", v.get("clips").asInt(),
          last.get("global_accuracy").asDouble(), last.get("local_accuracy").asDouble(), zero.isMissingNode() ? ""
              : String.format(Locale.ROOT, " (step 0: %.3f, %.3f)", zero.get("global_accuracy").asDouble(),
                  zero.get("local_accuracy").asDouble()));
    }
    if (s.get("skipped_clips").size() > 0) {
      console.out().printf("skipped clips: %s%n", s.get("skipped_clips"));
    }
    console.out().printf("wrote %s: %s, %s, %s, %s; config %s%n", output, s.get("checkpoint").asText(),
        s.get("saved_model").asText(), s.get("metrics").asText(), s.get("events").asText(), s.get("config_digest").asText());
    console.out().flush();
  }
}
