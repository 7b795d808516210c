package org.constcl.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which datasets and settings keys each downstream protocol and each generated dataset takes: the
 * schema lists the union, these rules say which apply where.
 */
public final class DownstreamRules {
  private static final Set<String> COMMON = Set.of("epochs", "batch", "learning_rate", "weight_decay", "seed");

  /** Settings keys per protocol (besides the common ones). */
  static final Map<String, Set<String>> SETTINGS = Map.of(
      "linear", Set.of("dropout", "frames", "frame_stride", "train_size", "test_size", "test_clips", "test_crops", "crop_area",
          "loader_threads"),
      "finetune", Set.of("dropout", "frames", "frame_stride", "train_size", "test_size", "test_clips", "test_crops", "crop_area",
          "loader_threads"),
      "ava", Set.of("frames", "frame_stride", "size", "max_boxes", "preset", "person_boxes", "box_threshold", "ava_protocol",
          "threads"),
      "track", Set.of("exemplar_size", "search_size", "pairs_per_epoch", "max_gap", "semantics", "threads"));

  /** make: settings keys per generated dataset. */
  static final Map<String, Set<String>> MAKE_SETTINGS = Map.of(
      "speed-direction", Set.of("clip_frames", "short_side", "windows", "test_fraction", "seed"),
      "ava", Set.of("keyframes", "fps", "short_side", "actors", "val_fraction", "seed"),
      "tracking", Set.of("frames", "short_side", "patch", "layout", "seed"));

  private DownstreamRules() {}

  /** Whether {@code key} is a settings key of {@code protocol}. */
  static boolean takes(String protocol, String key) {
    return COMMON.contains(key) || SETTINGS.getOrDefault(protocol, Set.of()).contains(key);
  }

  /**
   * The kind of labelled data a dataset holds: {@code classification}, {@code ava}, {@code otb}
   * (tracking sequences) or {@code got10k} (a tracking training split); null for plain videos.
   */
  public static String kind(JsonNode dataset) {
    if (dataset.has("format")) {
      String f = dataset.get("format").asText();
      return List.of("ava", "otb", "got10k").contains(f) ? f : "classification";
    }
    return switch (dataset.path("make").asText("")) {
      case "speed-direction" -> "classification";
      case "ava" -> "ava";
      case "tracking" -> dataset.path("settings").path("layout").asText("otb");
      default -> null;
    };
  }

  /** The dataset kind a protocol evaluates on. */
  static String datasetKind(String protocol) {
    return switch (protocol) {
      case "ava" -> "ava";
      case "track" -> "otb";
      default -> "classification";
    };
  }
}
