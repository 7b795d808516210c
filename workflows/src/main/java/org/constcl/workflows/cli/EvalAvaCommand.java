package org.constcl.workflows.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.constcl.eval.benchmark.LocalizationProtocol;
import org.constcl.workflows.plan.CanonicalJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code constcl eval ava}: the {@link LocalizationProtocol} with named options. */
@Command(name = "ava", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Spatio-temporal action localisation: fine-tune the ROIAlign + transformer-decoder action head with the"
        + " backbone on the training keyframes, score the validation person boxes, frame mAP@0.5 (official semantics)."})
final class EvalAvaCommand implements Callable<Integer> {
  @Option(names = "--dataset", required = true, paramLabel = "<dir>",
      description = "AVA root: frames/<video>/<video>_000001.jpg and annotations/ (" + LocalizationProtocol.TRAIN_CSV + ", "
          + LocalizationProtocol.LABEL_MAP + ", ...).")
  Path dataset;

  @Option(names = "--train-csv", paramLabel = "<csv>", description = "Default: annotations/" + LocalizationProtocol.TRAIN_CSV + ".")
  Path trainCsv;

  @Option(names = "--val-csv", paramLabel = "<csv>", description = "Default: annotations/" + LocalizationProtocol.VAL_CSV + ".")
  Path valCsv;

  @Option(names = "--label-map", paramLabel = "<pbtxt>", description = "Default: annotations/" + LocalizationProtocol.LABEL_MAP + ".")
  Path labelMap;

  @Option(names = "--person-boxes", paramLabel = "<csv|gt|detected>",
      description = "Validation person boxes: a detections CSV, gt for the ground-truth boxes, or detected (default):"
          + " annotations/" + LocalizationProtocol.PREDICTED_BOXES + " when it exists, else gt.")
  String personBoxes;

  @Option(names = "--box-threshold", paramLabel = "<score>", description = "Drop detected person boxes below this score (default 0.8).")
  String boxThreshold;

  @Option(names = {"--protocol", "--ava-protocol"}, paramLabel = "<current|2018>",
      description = "Evaluation protocol (2018 reads annotations/" + LocalizationProtocol.EXCLUDED + "). Default: current.")
  String protocol;

  @Option(names = "--fps", paramLabel = "<n>", description = "Stored frames per second (default 30).")
  Integer fps;

  @Option(names = "--first-second", paramLabel = "<s>", description = "Second of the first stored frame (default 900, AVA's 15-minute mark).")
  Integer firstSecond;

  @Mixin BackboneInitOptions init;

  @Option(names = "--preset", paramLabel = "<ava|ava-kinetics>",
      description = "Learning rate and weight decay: ava 3e-2 and 1e-4, ava-kinetics 1e-2 and 1e-7 (default ava).")
  String preset;

  @Option(names = "--learning-rate", paramLabel = "<lr>", description = "Peak learning rate (default: the preset's).")
  String learningRate;

  @Option(names = "--weight-decay", paramLabel = "<wd>", description = "Weight decay (default: the preset's).")
  String weightDecay;

  @Option(names = "--epochs", paramLabel = "<n>", description = "Epochs over the training keyframes (default 20).")
  Integer epochs;

  @Option(names = "--batch", paramLabel = "<n>", description = "Keyframes per step (default 16).")
  Integer batch;

  @Option(names = "--frames", paramLabel = "<n>", description = "Frames per clip (default 32).")
  Integer frames;

  @Option(names = "--frame-stride", paramLabel = "<n>", description = "Stored frames between clip frames (default 2).")
  Integer frameStride;

  @Option(names = "--size", paramLabel = "<px>", description = "Frame side after resizing (default 400, the paper's).")
  Integer size;

  @Option(names = "--max-boxes", paramLabel = "<n>", description = "Person boxes per keyframe and pass (default 8).")
  Integer maxBoxes;

  @Mixin DownstreamRunOptions run;

  private final BenchmarkRunner benchmarks;

  @Inject
  EvalAvaCommand(BenchmarkRunner benchmarks) {
    this.benchmarks = benchmarks;
  }

  @Override
  public Integer call() throws IOException {
    ObjectNode s = CanonicalJson.JSON.createObjectNode();
    Settings.put(s, "train_csv", trainCsv);
    Settings.put(s, "val_csv", valCsv);
    Settings.put(s, "label_map", labelMap);
    if (personBoxes != null) {
      Settings.put(s, personBoxes.equals("gt") || personBoxes.equals("detected") ? "person_boxes" : "person_boxes_file",
          personBoxes);
    }
    Settings.number(s, "box_threshold", boxThreshold);
    Settings.put(s, "ava_protocol", protocol);
    Settings.put(s, "fps", fps);
    Settings.put(s, "first_second", firstSecond);
    Settings.put(s, "preset", preset);
    Settings.number(s, "learning_rate", learningRate);
    Settings.number(s, "weight_decay", weightDecay);
    Settings.put(s, "epochs", epochs);
    Settings.put(s, "batch", batch);
    Settings.put(s, "frames", frames);
    Settings.put(s, "frame_stride", frameStride);
    Settings.put(s, "size", size);
    Settings.put(s, "max_boxes", maxBoxes);
    run.putInto(s);
    return benchmarks.run(new LocalizationProtocol(), Map.of("dataset", dataset), init, s, run.output, null, "eval ava");
  }
}
