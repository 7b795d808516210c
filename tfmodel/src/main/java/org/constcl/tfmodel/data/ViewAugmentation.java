package org.constcl.tfmodel.data;

import java.util.SplittableRandom;

/**
 * The random choices of one view, drawn once and applied to all its frames (temporally
 * consistent, reference §5.2).
 *
 * @param crop the crop of the stored frames
 * @param flip horizontal flip
 * @param jitter the colour jitter, or null
 * @param grayscale convert to grayscale
 * @param blurSigma Gaussian blur sigma, 0 for none
 * @param solarize solarise
 */
public record ViewAugmentation(CropWindow crop, boolean flip, Jitter jitter, boolean grayscale, double blurSigma,
    boolean solarize) {

  /**
   * Colour jitter: factors, hue shift, and the order of the four operations (0 brightness, 1
   * contrast, 2 saturation, 3 hue).
   */
  public record Jitter(int[] order, double brightness, double contrast, double saturation, double hue) {}

  /** Draws view {@code view}'s (0 or 1) choices for frames of {@code width x height}. */
  public static ViewAugmentation draw(AugmentSettings s, int view, int width, int height, SplittableRandom rng) {
    CropWindow crop = CropWindow.sample(width, height, s.minArea(), s.maxArea(), s.minAspect(), s.maxAspect(), rng);
    boolean flip = rng.nextDouble() < s.flip();
    Jitter jitter = null;
    if (rng.nextDouble() < s.jitter()) {
      double k = 0.8 * s.jitterStrength();
      int[] order = {0, 1, 2, 3};
      for (int i = order.length - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      jitter = new Jitter(order, uniform(rng, 1 - k, 1 + k), uniform(rng, 1 - k, 1 + k), uniform(rng, 1 - k, 1 + k),
          uniform(rng, -0.2 * s.jitterStrength(), 0.2 * s.jitterStrength()));
    }
    boolean gray = rng.nextDouble() < s.grayscale();
    double sigma = rng.nextDouble() < s.blur()[view] ? uniform(rng, s.minSigma(), s.maxSigma()) : 0;
    boolean solarize = rng.nextDouble() < s.solarize()[view];
    return new ViewAugmentation(crop, flip, jitter, gray, sigma, solarize);
  }

  private static double uniform(SplittableRandom rng, double lo, double hi) {
    return lo + (hi - lo) * rng.nextDouble();
  }
}
