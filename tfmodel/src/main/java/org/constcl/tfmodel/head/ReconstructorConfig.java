package org.constcl.tfmodel.head;

/**
 * Settings of the instance reconstructor; {@link #reference} is what the released ConST-CL recipe
 * uses (reference §3.1).
 *
 * @param contextLevel feature time steps in the context memory, centred on the keyframe (odd)
 * @param cropSize ROIAlign cells per side
 * @param sampleOffset ROIAlign sample position inside a cell
 * @param width width of each attention unit
 * @param layers decoder layers
 * @param units attention units per layer
 * @param layerNormEpsilon LayerNorm epsilon
 * @param dropoutRate dropout after attention
 */
public record ReconstructorConfig(
    int contextLevel, int cropSize, float sampleOffset, int width, int layers, int units,
    float layerNormEpsilon, float dropoutRate) {

  public ReconstructorConfig {
    if (contextLevel < 1 || contextLevel % 2 == 0) {
      throw new IllegalArgumentException("context level must be a positive odd number, got " + contextLevel);
    }
    if (cropSize < 1 || width < 1 || layers < 1 || units < 1) {
      throw new IllegalArgumentException("crop size, width, layers and units must be positive");
    }
  }

  /** context 5, ROIAlign 4×4 at offset 0.5, 3 layers × 3 units × 128, LayerNorm eps 1e-12, no dropout. */
  public static ReconstructorConfig reference() {
    return new ReconstructorConfig(5, 4, 0.5f, 128, 3, 3, 1e-12f, 0f);
  }
}
