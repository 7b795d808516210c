package org.constcl.tfmodel.data;

import java.util.SplittableRandom;

/**
 * The two-view temporal sampler of the reference (§5.1, {@code sample_ssl_sequence}): the gap
 * between the views' starts follows a linearly decreasing density, the earlier view starts
 * uniformly, the views are swapped with probability ½, and frame indices wrap around for videos
 * shorter than a clip.
 */
public final class ViewSampler {
  private ViewSampler() {}

  /** Stored-frame indices of two views: {@code [2][frames]}. */
  public static int[][] sample(int storedFrames, int frames, int stride, SplittableRandom rng) {
    if (storedFrames < 1) {
      throw new IllegalArgumentException("a clip record with no frames");
    }
    int span = (frames - 1) * stride;
    int m = storedFrames > span ? storedFrames - span : storedFrames;
    int delta = interval(m, rng.nextDouble());
    int start1;
    int start2;
    if (m < storedFrames) {
      start1 = rng.nextInt(m - delta);
      start2 = start1 + delta;
    } else {
      start1 = rng.nextInt(storedFrames);
      start2 = rng.nextInt(storedFrames);
    }
    if (rng.nextDouble() < 0.5) {
      int t = start1;
      start1 = start2;
      start2 = t;
    }
    return new int[][] {indices(start1, frames, stride, storedFrames), indices(start2, frames, stride, storedFrames)};
  }

  /**
   * The interval for a uniform draw {@code u}: bisection on {@code F(k) = 2k/m - k²/m²}, the CDF
   * of the linearly decreasing density on [0, m], exactly as the reference code searches it.
   */
  static int interval(int m, double u) {
    int lo = 0;
    int hi = m;
    int k = m / 2;
    while (Math.abs(hi - lo) > 1) {
      double f = 2.0 * k / m - (double) k * k / ((double) m * m);
      if (f > u) {
        hi = k;
        k = Math.floorDiv(k + lo, 2);
      } else {
        lo = k;
        k = Math.floorDiv(hi + k, 2);
      }
    }
    return k;
  }

  private static int[] indices(int start, int frames, int stride, int storedFrames) {
    int[] idx = new int[frames];
    for (int i = 0; i < frames; i++) {
      idx[i] = (int) (((long) start + (long) stride * i) % storedFrames);
    }
    return idx;
  }
}
