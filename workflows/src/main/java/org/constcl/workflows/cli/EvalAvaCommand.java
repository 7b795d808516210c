package org.constcl.workflows.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.constcl.eval.ava.AvaProtocol;
import org.constcl.eval.localize.ActionHeadConfig;
import org.constcl.eval.localize.ActionLocalizationRun;
import org.constcl.eval.run.BackboneSource;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ConsoleErrStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code constcl eval ava}: fine-tune the action head on an AVA-format set and report frame mAP. */
@Command(name = "ava", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Spatio-temporal action localisation: fine-tune the ROIAlign + transformer-decoder action head with the"
        + " backbone on the training keyframes, score the validation person boxes, frame mAP@0.5 (official semantics)."})
final class EvalAvaCommand implements Callable<Integer> {
  @Option(names = "--dataset", required = true, paramLabel = "<dir>",
      description = "AVA root: frames/<video>/<video>_000001.jpg and annotations/ (ava_{train,val}_v2.2.csv,"
          + " ava_action_list_v2.2.pbtxt, ...).")
  Path dataset;

  @Option(names = "--train-csv", paramLabel = "<csv>", description = "Default: annotations/ava_train_v2.2.csv.")
  Path trainCsv;

  @Option(names = "--val-csv", paramLabel = "<csv>", description = "Default: annotations/ava_val_v2.2.csv.")
  Path valCsv;

  @Option(names = "--label-map", paramLabel = "<pbtxt>", description = "Default: annotations/ava_action_list_v2.2.pbtxt.")
  Path labelMap;

  @Option(names = "--person-boxes", paramLabel = "<csv|gt>",
      description = "Validation person boxes: a detections CSV, or gt for the ground-truth boxes. Default:"
          + " annotations/ava_val_predicted_boxes.csv when it exists, else gt.")
  String personBoxes;

  @Option(names = "--box-threshold", defaultValue = "0.8", paramLabel = "<score>",
      description = "Drop detected person boxes below this score (default 0.8).")
  double boxThreshold;

  @Option(names = "--protocol", defaultValue = "current", paramLabel = "<current|2018>",
      description = "Evaluation protocol (2018 reads annotations/ava_val_excluded_timestamps_v2.2.csv). Default: current.")
  String protocol;

  @Option(names = "--fps", defaultValue = "30", paramLabel = "<n>", description = "Stored frames per second (default 30).")
  int fps;

  @Option(names = "--first-second", defaultValue = "900", paramLabel = "<s>",
      description = "Second of the first stored frame (default 900, AVA's 15-minute mark).")
  int firstSecond;

  @Mixin BackboneInitOptions init;

  @Option(names = "--preset", defaultValue = "ava", paramLabel = "<ava|ava-kinetics>",
      description = "Learning rate and weight decay: ava 3e-2 and 1e-4, ava-kinetics 1e-2 and 1e-7 (default ava).")
  String preset;

  @Option(names = "--learning-rate", paramLabel = "<lr>", description = "Peak learning rate (default: the preset's).")
  Float learningRate;

  @Option(names = "--weight-decay", paramLabel = "<wd>", description = "Weight decay (default: the preset's).")
  Float weightDecay;

  @Option(names = "--epochs", defaultValue = "20", paramLabel = "<n>", description = "Epochs over the training keyframes (default 20).")
  int epochs;

  @Option(names = "--batch", defaultValue = "16", paramLabel = "<n>", description = "Keyframes per step (default 16).")
  int batch;

  @Option(names = "--frames", defaultValue = "32", paramLabel = "<n>", description = "Frames per clip (default 32).")
  int frames;

  @Option(names = "--frame-stride", defaultValue = "2", paramLabel = "<n>", description = "Stored frames between clip frames (default 2).")
  int frameStride;

  @Option(names = "--size", defaultValue = "400", paramLabel = "<px>", description = "Frame side after resizing (default 400, the paper's).")
  int size;

  @Option(names = "--max-boxes", defaultValue = "8", paramLabel = "<n>", description = "Person boxes per keyframe and pass (default 8).")
  int maxBoxes;

  @Mixin DownstreamRunOptions run;

  private final Console console;

  @Inject
  EvalAvaCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws IOException {
    PrintStream progress = ConsoleErrStream.printStream(console);
    return EvalFailures.handle("ava evaluation", () -> {
      AvaProtocol p = AvaProtocol.of(protocol);
      Map<String, float[]> presets = Map.of("ava", new float[] {3e-2f, 1e-4f}, "ava-kinetics", new float[] {1e-2f, 1e-7f});
      float[] preset = presets.get(this.preset);
      if (preset == null) {
        throw CliException.usage("--preset is ava or ava-kinetics, not " + this.preset);
      }
      Path ann = dataset.resolve("annotations");
      Path train = existing(trainCsv != null ? trainCsv : ann.resolve("ava_train_v2.2.csv"));
      Path val = existing(valCsv != null ? valCsv : ann.resolve("ava_val_v2.2.csv"));
      Path labels = existing(labelMap != null ? labelMap : ann.resolve("ava_action_list_v2.2.pbtxt"));
      Path excluded = p == AvaProtocol.V2018 ? existing(ann.resolve("ava_val_excluded_timestamps_v2.2.csv")) : null;
      Path predicted = ann.resolve("ava_val_predicted_boxes.csv");
      Path boxes = personBoxes == null ? (Files.isRegularFile(predicted) ? predicted : null)
          : personBoxes.equals("gt") ? null : existing(Path.of(personBoxes));
      Path frameDir = dataset.resolve("frames");
      if (!Files.isDirectory(frameDir)) {
        throw CliException.usage(dataset + ": no frames/ folder");
      }
      BackboneSource source = init.resolve();
      float lr = learningRate != null ? learningRate : preset[0];
      int classes = org.constcl.eval.ava.LabelMap.read(labels).names().size();
      ActionHeadConfig config = new ActionHeadConfig(source.spec(), frames, frameStride, size, classes, maxBoxes, batch,
          weightDecay != null ? weightDecay : preset[1], 0.9f, run.seed, run.threads);
      ActionLocalizationRun.Outcome o = ActionLocalizationRun.run(new ActionLocalizationRun.Request(frameDir, fps, firstSecond,
          train, val, labels, excluded, boxes, boxThreshold, p, source, config, epochs, lr, run.output), progress);
      console.out().printf(Locale.ROOT, "ava %s (%s init): frame mAP@0.5 %.4f after %d steps (final loss %.4f); wrote %s%n",
          source.spec(), source.checkpoint() == null ? "random" : "pre-trained", o.meanAp(), o.steps(), o.finalLoss(), o.metrics());
      console.out().flush();
      return ExitCodes.OK;
    });
  }

  private static Path existing(Path f) {
    if (!Files.isRegularFile(f)) {
      throw CliException.usage(f + ": no such file");
    }
    return f;
  }
}
