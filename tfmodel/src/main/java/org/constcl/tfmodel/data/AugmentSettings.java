package org.constcl.tfmodel.data;

/**
 * The per-view augmentation recipe (reference §5.2). Probabilities that differ between the two
 * views are given per view: {@code [view 1, view 2]}.
 *
 * @param minArea smallest crop area fraction
 * @param maxArea largest crop area fraction
 * @param minAspect smallest crop aspect ratio (w / h)
 * @param maxAspect largest crop aspect ratio
 * @param flip horizontal flip probability
 * @param jitter colour jitter probability
 * @param jitterStrength SimCLR strength s: brightness, contrast and saturation factors in
 *     {@code [1 - 0.8s, 1 + 0.8s]}, hue shift in {@code [-0.2s, 0.2s]}
 * @param grayscale grayscale probability
 * @param blur Gaussian blur probability per view
 * @param minSigma smallest blur sigma
 * @param maxSigma largest blur sigma
 * @param solarize solarisation probability per view
 */
public record AugmentSettings(
    double minArea, double maxArea, double minAspect, double maxAspect, double flip, double jitter,
    double jitterStrength, double grayscale, double[] blur, double minSigma, double maxSigma, double[] solarize) {

  public AugmentSettings {
    blur = blur.clone();
    solarize = solarize.clone();
    if (blur.length != 2 || solarize.length != 2) {
      throw new IllegalArgumentException("blur and solarize take one probability per view");
    }
  }

  /** The reference recipe. */
  public static AugmentSettings reference() {
    return new AugmentSettings(0.3, 1.0, 0.5, 2.0, 0.5, 0.8, 1.0, 0.2, new double[] {1.0, 0.1}, 0.1, 2.0,
        new double[] {0.0, 0.2});
  }

  /** No augmentation at all: whole frame, no flip, no colour change (for tests and evaluation). */
  public static AugmentSettings none() {
    return new AugmentSettings(1.0, 1.0, 1.0, 1.0, 0, 0, 0, 0, new double[] {0, 0}, 0.1, 0.1, new double[] {0, 0});
  }
}
