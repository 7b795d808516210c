package org.constcl.eval.benchmark;

import static org.constcl.eval.benchmark.SettingSpec.choice;
import static org.constcl.eval.benchmark.SettingSpec.integer;
import static org.constcl.eval.benchmark.SettingSpec.number;
import static org.constcl.eval.benchmark.SettingSpec.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.constcl.eval.ava.AvaFormatException;
import org.constcl.eval.ava.AvaProtocol;
import org.constcl.eval.ava.LabelMap;
import org.constcl.eval.localize.ActionHeadConfig;
import org.constcl.eval.localize.ActionLocalizationRun;
import org.constcl.eval.run.EvalException;

/**
 * Spatio-temporal action localisation on an AVA-format dataset ({@link ActionLocalizationRun}):
 * fine-tune the ROIAlign + decoder action head with the backbone on the training keyframes, score
 * the validation person boxes, frame mAP@0.5 with the official semantics. The dataset input is an
 * AVA root ({@code frames/<video>/<video>_000001.jpg}, {@code annotations/} with the v2.2 file
 * names). Presets: {@code ava} (learning rate 3e-2, weight decay 1e-4) and {@code ava-kinetics}
 * (1e-2, 1e-7); 20 epochs of 16 keyframes (or {@code steps} steps), 32 frames at stride 2, 400 px
 * (the paper's).
 */
public final class LocalizationProtocol extends ProtocolBase {
  /** The annotation files' default names under {@code annotations/}. */
  public static final String TRAIN_CSV = "ava_train_v2.2.csv";
  public static final String VAL_CSV = "ava_val_v2.2.csv";
  public static final String LABEL_MAP = "ava_action_list_v2.2.pbtxt";
  public static final String EXCLUDED = "ava_val_excluded_timestamps_v2.2.csv";
  public static final String PREDICTED_BOXES = "ava_val_predicted_boxes.csv";
  private static final Map<String, float[]> PRESETS = Map.of("ava", new float[] {3e-2f, 1e-4f}, "ava-kinetics",
      new float[] {1e-2f, 1e-7f});

  private static final List<SettingSpec> SETTINGS = List.of(
      integer("epochs", "Epochs over the training keyframes (default 20)."),
      integer("steps", "Training steps; overrides epochs (the reference's AVA schedule: 50000 at batch 256)."),
      integer("batch", "Keyframes per step (default 16)."),
      number("learning_rate", "Peak learning rate (default: the preset's)."),
      number("weight_decay", "Weight decay (default: the preset's)."),
      integer("frames", "Frames per clip (default 32)."),
      integer("frame_stride", "Stored frames between clip frames (default 2)."),
      integer("size", "Frame side after resizing (default 400, the paper's)."),
      integer("max_boxes", "Person boxes per keyframe and pass (default 8)."),
      choice("preset", "Learning rate and weight decay preset (default ava).", "ava", "ava-kinetics"),
      choice("person_boxes", "Validation person boxes: the dataset's detections file (default when it exists) or its"
          + " ground truth.", "detected", "gt"),
      number("box_threshold", "Lowest detected person score (default 0.8)."),
      choice("ava_protocol", "Evaluation protocol (default current; 2018 reads annotations/" + EXCLUDED + ").", "current",
          "2018").alias("--protocol"),
      integer("threads", "TensorFlow threads (0: one per core)."),
      integer("seed", "Seed (default 1)."),
      integer("fps", "Stored frames per second (default 30; the engine takes it from the dataset).").commandLineOnly(),
      integer("first_second", "Second of the first stored frame (default 900, AVA's 15-minute mark).").commandLineOnly(),
      string("person_boxes_file", "A detections CSV for the validation person boxes.").commandLineOnly(),
      string("train_csv", "Default: annotations/" + TRAIN_CSV + ".").commandLineOnly(),
      string("val_csv", "Default: annotations/" + VAL_CSV + ".").commandLineOnly(),
      string("label_map", "Default: annotations/" + LABEL_MAP + ".").commandLineOnly());

  public LocalizationProtocol() {
    super(ProtocolInfo.builder("ava", "Action localisation: ROIAlign + transformer-decoder action head fine-tuned with the"
        + " backbone on the training keyframes, the validation person boxes scored by frame mAP@0.5 (official semantics).",
        LocalizationResult.class)
        .dataset("--dataset", DatasetKind.AVA, "AVA root: frames/<video>/<video>_000001.jpg and annotations/ (" + TRAIN_CSV
            + ", " + LABEL_MAP + ", ...).")
        .format("ava", DatasetKind.AVA).build(), SETTINGS);
  }

  @Override
  public ObjectNode plannedSettings(JsonNode given, PretrainingGeometry pretraining, DatasetFacts dataset) {
    ObjectNode s = givenWithSeed(given);
    if (!s.has("fps") && dataset.fps() != null) {
      s.put("fps", dataset.fps());
    }
    // Small models: the clip geometry of their pre-training, as the classification benchmarks do.
    followPretraining(s, pretraining, "size");
    return s;
  }

  @Override
  public LocalizationResult run(BenchmarkRequest request) throws EvalException, IOException {
    SettingsReader s = read(request);
    Path dataset = request.input("dataset");
    try {
      AvaProtocol protocol = AvaProtocol.of(s.string("ava_protocol", "current"));
      float[] preset = PRESETS.get(s.string("preset", "ava"));
      Path ann = dataset.resolve("annotations");
      Path train = existing(s.has("train_csv") ? s.path("train_csv") : ann.resolve(TRAIN_CSV));
      Path val = existing(s.has("val_csv") ? s.path("val_csv") : ann.resolve(VAL_CSV));
      Path labels = existing(s.has("label_map") ? s.path("label_map") : ann.resolve(LABEL_MAP));
      Path excluded = protocol == AvaProtocol.V2018 ? existing(ann.resolve(EXCLUDED)) : null;
      Path predicted = ann.resolve(PREDICTED_BOXES);
      Path boxes = s.has("person_boxes_file") ? existing(s.path("person_boxes_file"))
          : s.string("person_boxes", "detected").equals("gt") ? null : Files.isRegularFile(predicted) ? predicted : null;
      Path frameDir = dataset.resolve("frames");
      if (!Files.isDirectory(frameDir)) {
        throw EvalException.usage(dataset + ": no frames/ folder");
      }
      float lr = s.number32("learning_rate", preset[0]);
      int classes = LabelMap.read(labels).names().size();
      ActionHeadConfig config = new ActionHeadConfig(request.init().spec(), s.integer("frames", 32), s.integer("frame_stride", 2),
          s.integer("size", 400), classes, s.integer("max_boxes", 8), s.integer("batch", 16),
          s.number32("weight_decay", preset[1]), 0.9f, s.integer64("seed", 1), s.integer("threads", 0));
      return ActionLocalizationRun.run(new ActionLocalizationRun.Request(frameDir, s.integer("fps", 30),
          s.integer("first_second", 900), train, val, labels, excluded, boxes, s.number("box_threshold", 0.8), protocol,
          request.init(), config, s.integer("epochs", 20), s.integer("steps", 0), lr, request.output()), request.progress());
    } catch (AvaFormatException | IllegalArgumentException e) {
      throw EvalException.usage(e.getMessage());
    }
  }

  private static Path existing(Path f) throws EvalException {
    if (!Files.isRegularFile(f)) {
      throw EvalException.usage(f + ": no such file");
    }
    return f;
  }
}
