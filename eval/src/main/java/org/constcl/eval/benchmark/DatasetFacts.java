package org.constcl.eval.benchmark;

/**
 * What the experiment says about a benchmark's dataset that a protocol's defaults depend on.
 *
 * @param fps stored frames per second of a frame-folder dataset (AVA), or null when unknown
 */
public record DatasetFacts(Integer fps) {
  public static DatasetFacts none() {
    return new DatasetFacts(null);
  }
}
