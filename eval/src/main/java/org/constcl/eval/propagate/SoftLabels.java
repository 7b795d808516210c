package org.constcl.eval.propagate;

/**
 * Label images at feature resolution and back: a label map becomes per-cell label fractions (the
 * mean one-hot over the pixels of each cell, void pixels left out), and propagated fractions
 * become a label map by bilinear upsampling (half-pixel centres, edges clamped) and argmax (ties
 * to the lower label).
 */
public final class SoftLabels {
  private SoftLabels() {}

  /**
   * @param labels labels 0..labels-1 considered (larger ones other than void are background)
   * @return [h·w, labels] row-major
   */
  public static float[] fromLabels(LabelMap map, int labels, int h, int w) {
    float[] out = new float[h * w * labels];
    int[] counts = new int[h * w];
    for (int y = 0; y < map.height(); y++) {
      int cy = (int) ((long) y * h / map.height());
      for (int x = 0; x < map.width(); x++) {
        int l = map.label(y * map.width() + x);
        if (l == DavisPalette.VOID) {
          continue;
        }
        int cell = cy * w + (int) ((long) x * w / map.width());
        out[cell * labels + (l < labels ? l : 0)] += 1;
        counts[cell]++;
      }
    }
    for (int cell = 0; cell < h * w; cell++) {
      if (counts[cell] == 0) {
        out[cell * labels] = 1;
      } else {
        for (int l = 0; l < labels; l++) {
          out[cell * labels + l] /= counts[cell];
        }
      }
    }
    return out;
  }

  /** Upsamples [h·w, labels] fractions to a {@code width} x {@code height} label map. */
  public static LabelMap toLabels(float[] soft, int labels, int h, int w, int width, int height) {
    byte[] out = new byte[width * height];
    float[] mixed = new float[labels];
    for (int y = 0; y < height; y++) {
      double fy = Math.min(h - 1, Math.max(0, (y + 0.5) * h / height - 0.5));
      int y0 = (int) Math.floor(fy);
      int y1 = Math.min(h - 1, y0 + 1);
      double wy = fy - y0;
      for (int x = 0; x < width; x++) {
        double fx = Math.min(w - 1, Math.max(0, (x + 0.5) * w / width - 0.5));
        int x0 = (int) Math.floor(fx);
        int x1 = Math.min(w - 1, x0 + 1);
        double wx = fx - x0;
        for (int l = 0; l < labels; l++) {
          mixed[l] = (float) ((1 - wy) * ((1 - wx) * soft[(y0 * w + x0) * labels + l] + wx * soft[(y0 * w + x1) * labels + l])
              + wy * ((1 - wx) * soft[(y1 * w + x0) * labels + l] + wx * soft[(y1 * w + x1) * labels + l]));
        }
        int best = 0;
        for (int l = 1; l < labels; l++) {
          if (mixed[l] > mixed[best]) {
            best = l;
          }
        }
        out[y * width + x] = (byte) best;
      }
    }
    return new LabelMap(width, height, out);
  }
}
