package org.constcl.tfmodel.data;

import java.util.SplittableRandom;

/**
 * A view's crop of the stored frames, in pixels: {@code [x, x + width) x [y, y + height)}.
 *
 * @param x left edge
 * @param y top edge
 * @param width crop width
 * @param height crop height
 */
public record CropWindow(int x, int y, int width, int height) {
  /** Attempts before falling back to the whole frame, as TensorFlow's sampler. */
  static final int ATTEMPTS = 100;

  /**
   * A random resized crop as TensorFlow's {@code sample_distorted_bounding_box} draws it for the
   * reference (§5.2): area fraction {@code U(minArea, maxArea)} of the frame, aspect ratio
   * {@code w / h ~ U(minAspect, maxAspect)}, placed uniformly; the whole frame after 100 draws
   * that do not fit.
   */
  public static CropWindow sample(int frameWidth, int frameHeight, double minArea, double maxArea,
      double minAspect, double maxAspect, SplittableRandom rng) {
    double area = (double) frameWidth * frameHeight;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      double a = area * (minArea + (maxArea - minArea) * rng.nextDouble());
      double r = minAspect + (maxAspect - minAspect) * rng.nextDouble();
      int w = (int) Math.round(Math.sqrt(a * r));
      int h = (int) Math.round(Math.sqrt(a / r));
      if (w >= 1 && h >= 1 && w <= frameWidth && h <= frameHeight) {
        int x = rng.nextInt(frameWidth - w + 1);
        int y = rng.nextInt(frameHeight - h + 1);
        return new CropWindow(x, y, w, h);
      }
    }
    return new CropWindow(0, 0, frameWidth, frameHeight);
  }

  /**
   * The libjpeg scale (1, 2, 4 or 8) at which the frames can be decoded and still give this crop
   * at least {@code size} pixels per side.
   */
  public int decodeReduction(int size) {
    int r = 1;
    while (r < 8 && width / (2 * r) >= size && height / (2 * r) >= size) {
      r *= 2;
    }
    return r;
  }
}
