package org.constcl.tfmodel.model;

/**
 * Cross-attention of view a's regions over view b's context memory, one map per decoder unit and
 * layer. Memory cell m = (l · height + y) · width + x: context step l (feature time step
 * {@code steps[l]}), feature-map row y and column x.
 *
 * @param maps [units × layers][regions × memory], row-major per region; every row sums to 1
 * @param steps the feature time step of each context step
 * @param featureFrames feature time steps T' of the local map (input frames per step: T / T')
 */
public record AttentionMaps(float[][] maps, int regions, int context, int height, int width, int[] steps, int featureFrames) {
  public int memory() {
    return context * height * width;
  }

  /** The attention of {@code region} in map {@code k} at context step l, row y, column x. */
  public float at(int k, int region, int l, int y, int x) {
    return maps[k][region * memory() + (l * height + y) * width + x];
  }
}
