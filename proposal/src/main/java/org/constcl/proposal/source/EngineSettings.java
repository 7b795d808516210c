package org.constcl.proposal.source;

import java.util.Map;

/** Each engine's parameter defaults and validation, in one place for the config and the factory. */
final class EngineSettings {
  private EngineSettings() {}

  static Map<String, String> defaults(RegionSource source, Engine engine) {
    return switch (engine) {
      case RANDOM_BOXES -> RandomBoxes.DEFAULTS;
      case SLIC -> SlicBoxes.DEFAULTS;
      case GRAPH_SEGMENTATION -> GraphSegmentBoxes.DEFAULTS;
      case HOG_PEOPLE -> HogPeopleDetector.DEFAULTS;
      case SELECTIVE_SEARCH -> SelectiveSearchBoxes.DEFAULTS;
      case ONNX_DNN, TF_SAVED_MODEL -> DetectorBoxes.defaults(source);
    };
  }

  /** Parses every parameter, so that a bad value fails before any pipeline starts. */
  static void validate(RegionSource source, Engine engine, SourceParams p) {
    switch (engine) {
      case RANDOM_BOXES -> RandomBoxes.Settings.from(p);
      case SLIC -> SlicBoxes.Settings.from(p);
      case GRAPH_SEGMENTATION -> GraphSegmentBoxes.Settings.from(p);
      case HOG_PEOPLE -> HogPeopleDetector.Settings.from(p);
      case SELECTIVE_SEARCH -> SelectiveSearchBoxes.Settings.from(p);
      case ONNX_DNN, TF_SAVED_MODEL -> DetectorBoxes.Settings.from(source, p);
    }
  }
}
