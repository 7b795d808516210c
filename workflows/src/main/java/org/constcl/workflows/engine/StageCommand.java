package org.constcl.workflows.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.constcl.tfmodel.trainer.ConfigTree;
import org.constcl.workflows.plan.StageInput;
import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.plan.StageKind;
import org.constcl.workflows.store.Artifact;

/**
 * The constcl command line that builds a stage instance into its work folder: the same commands
 * a user would type, so a stage's log reads like a manual run and can be replayed.
 */
final class StageCommand {
  private StageCommand() {}

  /** Arguments after {@code constcl}. {@code inputs} holds the upstream artifacts by input name. */
  static List<String> args(StageInstance i, Map<String, Artifact> inputs, Path work, Path configFile, RunOptions run)
      throws IOException {
    JsonNode c = i.config();
    List<String> a = new ArrayList<>();
    switch (i.kind()) {
      case INGEST -> {
        a.addAll(List.of("ingest", "--input", external(i, "videos").toString(), "--output", work.toString(), "--overwrite"));
        option(a, c, "short_side", "--short-side");
        option(a, c, "frame_stride", "--frame-stride");
        option(a, c, "fps", "--fps");
        option(a, c, "max_segment_frames", "--max-segment-frames");
        option(a, c, "jpeg_quality", "--jpeg-quality");
        option(a, c, "min_clip_frames", "--min-clip-frames");
        a.addAll(run.beamArgs());
      }
      case PROPOSALS -> {
        a.addAll(List.of("proposals", "--source", c.get("source").asText(), "--clips", inputs.get("clips").dir().toString(),
            "--output", work.toString(), "--overwrite", "--frame-stride", c.get("frame_stride").asText(),
            "--seed", c.get("seed").asText()));
        if (i.inputs().containsKey("model")) {
          a.addAll(List.of("--model", external(i, "model").toString()));
        }
        c.path("params").fields().forEachRemaining(p -> a.addAll(List.of("--set", p.getKey() + "=" + p.getValue().asText())));
        a.addAll(run.beamArgs());
      }
      case DATASET_MAKE -> {
        a.addAll(List.of("datasets", "make-" + c.get("make").asText(), "--videos", external(i, "videos").toString(),
            "--output", work.toString()));
        JsonNode s = c.path("settings");
        option(a, s, "clip_frames", "--clip-frames");
        option(a, s, "short_side", "--short-side");
        option(a, s, "windows", "--windows");
        option(a, s, "test_fraction", "--test-fraction");
        option(a, s, "keyframes", "--keyframes");
        option(a, s, "fps", "--fps");
        option(a, s, "actors", "--actors");
        option(a, s, "val_fraction", "--val-fraction");
        option(a, s, "frames", "--frames");
        option(a, s, "patch", "--patch");
        option(a, s, "layout", "--layout");
        option(a, s, "seed", "--seed");
      }
      case DATASET_INGEST -> {
        Path root = inputs.containsKey("dataset") ? inputs.get("dataset").dir() : external(i, "dataset");
        a.addAll(List.of("datasets", "ingest", "--dataset", root.toString(), "--format", c.get("format").asText(),
            "--split", c.get("split").asText(), "--short-side", c.get("short_side").asText(), "--output", work.toString()));
        for (String k : List.of("splits_dir", "train_csv", "test_csv")) {
          if (i.inputs().containsKey(k)) {
            a.addAll(List.of("--" + k.replace('_', '-'), external(i, k).toString()));
          }
        }
        if (c.path("allow_missing").asBoolean()) {
          a.add("--allow-missing");
        }
        a.addAll(run.beamArgs());
      }
      case TRAIN -> {
        Files.writeString(configFile, ConfigTree.fromJson(c.get("config").toString()).toYaml(), StandardCharsets.UTF_8);
        a.addAll(List.of("train", "--config", configFile.toString(), "--clips", inputs.get("clips").dir().toString(),
            "--output", work.toString()));
        if (inputs.containsKey("boxes")) {
          a.addAll(List.of("--boxes", inputs.get("boxes").dir().toString()));
        }
      }
      case EVAL -> {
        a.addAll(List.of("eval", c.get("protocol").asText(), "--dataset", inputs.get("clips").dir().toString(),
            "--output", work.toString()));
        if (inputs.containsKey("checkpoint")) {
          a.addAll(List.of("--checkpoint", inputs.get("checkpoint").dir().toString()));
        } else {
          a.addAll(List.of("--random-init", c.get("random_init").asText()));
        }
        JsonNode s = c.path("settings");
        s.fields().forEachRemaining(e -> a.addAll(List.of("--" + e.getKey().replace('_', '-'), e.getValue().asText())));
        a.addAll(run.beamArgs());
      }
      case EVAL_AVA, EVAL_TRACK -> {
        boolean ava = i.kind() == StageKind.EVAL_AVA;
        Path data = dataset(i, inputs, "dataset");
        a.addAll(ava ? List.of("eval", "ava", "--dataset", data.toString()) : List.of("eval", "track", "--sequences", data.toString()));
        if (i.inputs().containsKey("train")) {
          Path got = dataset(i, inputs, "train");
          // A generated GOT-10k set is its root; its training split is the train/ folder.
          a.addAll(List.of("--train", (inputs.containsKey("train") ? got.resolve("train") : got).toString()));
        }
        a.addAll(List.of("--output", work.toString()));
        if (inputs.containsKey("checkpoint")) {
          a.addAll(List.of("--checkpoint", inputs.get("checkpoint").dir().toString()));
        } else {
          a.addAll(List.of("--random-init", c.get("random_init").asText()));
        }
        c.path("settings").fields().forEachRemaining(e -> {
          String key = e.getKey();
          String value = e.getValue().asText();
          if (key.equals("person_boxes") && value.equals("detected")) {
            return; // the dataset's detections file: the command's default
          }
          a.addAll(List.of(key.equals("ava_protocol") ? "--protocol" : "--" + key.replace('_', '-'), value));
        });
      }
      default -> throw new IllegalStateException("no command for " + i.kind());
    }
    return a;
  }

  private static void option(List<String> a, JsonNode c, String key, String flag) {
    if (c.has(key)) {
      a.addAll(List.of(flag, c.get(key).asText()));
    }
  }

  /** A dataset input: the upstream artifact's folder, or the external path. */
  private static Path dataset(StageInstance i, Map<String, Artifact> inputs, String name) {
    return inputs.containsKey(name) ? inputs.get(name).dir() : external(i, name);
  }

  private static Path external(StageInstance i, String name) {
    return ((StageInput.External) i.inputs().get(name)).path();
  }
}
