package org.constcl.workflows.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.plan.StageKind;

/** The numbers a built artifact reports, for manifests and reports. */
final class StageMetrics {
  private StageMetrics() {}

  /** The file whose presence says the stage finished (the command writes it last). */
  static String doneMarker(StageKind kind) {
    return switch (kind) {
      case INGEST, PROPOSALS, DATASET_INGEST, TRAIN -> "_SUMMARY.json";
      case DATASET_MAKE -> "README.txt";
      case EVAL, EVAL_AVA, EVAL_TRACK -> "metrics.json";
    };
  }

  static ObjectNode read(StageKind kind, Path dir) {
    ObjectNode m = CanonicalJson.JSON.createObjectNode();
    try {
      switch (kind) {
        case INGEST, DATASET_INGEST -> {
          JsonNode s = json(dir.resolve("_SUMMARY.json"));
          m.put("videos", s.path("videos").path("ingested").asLong());
          m.put("records", s.path("records").asLong());
          m.put("frames", s.path("frames").asLong());
        }
        case PROPOSALS -> {
          JsonNode s = json(dir.resolve("_SUMMARY.json"));
          m.put("boxes", s.path("boxes").asLong());
          m.put("mean_boxes_per_frame", s.path("mean_boxes_per_frame").asDouble());
        }
        case TRAIN -> {
          JsonNode s = json(dir.resolve("_SUMMARY.json"));
          JsonNode f = s.path("final");
          m.put("steps", s.path("steps").asLong());
          for (String k : new String[] {"loss", "global_loss", "local_loss", "accuracy"}) {
            if (f.has(k)) {
              m.put("final_" + k, f.get(k).asDouble());
            }
          }
        }
        case EVAL -> {
          JsonNode s = json(dir.resolve("metrics.json"));
          for (String k : new String[] {"top1", "top5", "mean_class_accuracy", "chance_top1"}) {
            if (s.has(k)) {
              m.put(k, s.get(k).asDouble());
            }
          }
        }
        case EVAL_AVA, EVAL_TRACK -> {
          JsonNode s = json(dir.resolve("metrics.json"));
          for (String k : new String[] {"mAP", "auc", "precision_20px", "success_0.5", "frames_per_second", "final_loss"}) {
            if (s.has(k) && s.get(k).isNumber()) {
              m.put(k, s.get(k).asDouble());
            }
          }
        }
        default -> { }
      }
    } catch (IOException e) {
      m.put("error", "cannot read metrics: " + e.getMessage());
    }
    return m;
  }

  private static JsonNode json(Path p) throws IOException {
    return Files.isRegularFile(p) ? CanonicalJson.JSON.readTree(p.toFile()) : CanonicalJson.JSON.createObjectNode();
  }
}
