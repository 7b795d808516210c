package org.constcl.proposal.source;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bytedeco.opencv.global.opencv_core;

/**
 * What computes a source's boxes: its id (written, with the library version, into every box record
 * so that an ablation table never mixes engines silently), its parameters' defaults and
 * validation, and the proposer it creates.
 *
 * @param id the id written into box records
 * @param defaults every parameter with its default
 * @param validation parses every parameter, throwing {@link IllegalArgumentException} on a bad value
 * @param usesSeed whether the boxes depend on the config's seed
 * @param needsPixels whether the proposer reads decoded frames (random boxes do not)
 * @param factory creates the proposer for a config (loads natives and any model)
 */
public record Engine(String id, Map<String, String> defaults, Consumer<SourceParams> validation, boolean usesSeed,
    boolean needsPixels, Function<ProposalConfig, RegionProposer> factory) {
  /** Parses every parameter, so that a bad value fails before any pipeline starts. */
  public void validate(SourceParams params) {
    validation.accept(params);
  }

  /** A new proposer for {@code config}. */
  public RegionProposer create(ProposalConfig config) {
    return factory.apply(config);
  }

  /** {@code opencv-<version>/<name>}: an engine of the OpenCV build the project pins. */
  static String opencv(String name) {
    // Compile-time constants of the preset: no native library is loaded to name the engine.
    return "opencv-" + opencv_core.CV_VERSION_MAJOR + "." + opencv_core.CV_VERSION_MINOR + "."
        + opencv_core.CV_VERSION_REVISION + "/" + name;
  }
}
