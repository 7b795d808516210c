package org.constcl.tfmodel.data;

/**
 * The reference's blur (§5.2): a separable Gaussian of radius {@code size / 20} (23 taps at 224
 * px) with zero padding, so edges darken as in the TensorFlow depthwise convolution.
 */
final class GaussianBlur {
  private GaussianBlur() {}

  /** Kernel radius for views of {@code size} pixels: kernel size {@code size / 10}, halved. */
  static int radius(int size) {
    return Math.max(1, (size / 10) / 2);
  }

  static float[] kernel(double sigma, int radius) {
    float[] k = new float[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      double v = Math.exp(-(double) i * i / (2 * sigma * sigma));
      k[i + radius] = (float) v;
      sum += v;
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= (float) sum;
    }
    return k;
  }

  /** Blurs {@code frames} square RGB frames of {@code size} pixels in place. */
  static void apply(float[] rgb, int frames, int size, double sigma) {
    int r = radius(size);
    float[] k = kernel(sigma, r);
    int row = size * 3;
    int frameLen = size * row;
    float[] tmp = new float[frameLen];
    for (int f = 0; f < frames; f++) {
      int base = f * frameLen;
      // Horizontal pass into tmp: out(x) = sum_j k[j + r] in(x + j), zero outside the row.
      for (int y = 0; y < size; y++) {
        int rowBase = base + y * row;
        int tmpBase = y * row;
        for (int x = 0; x < size; x++) {
          int lo = Math.max(-r, -x);
          int hi = Math.min(r, size - 1 - x);
          float a0 = 0f;
          float a1 = 0f;
          float a2 = 0f;
          int at = rowBase + (x + lo) * 3;
          for (int j = lo; j <= hi; j++, at += 3) {
            float w = k[j + r];
            a0 += w * rgb[at];
            a1 += w * rgb[at + 1];
            a2 += w * rgb[at + 2];
          }
          int o = tmpBase + x * 3;
          tmp[o] = a0;
          tmp[o + 1] = a1;
          tmp[o + 2] = a2;
        }
      }
      // Vertical pass back into the frame, accumulating whole rows for locality.
      for (int y = 0; y < size; y++) {
        int lo = Math.max(-r, -y);
        int hi = Math.min(r, size - 1 - y);
        int out = base + y * row;
        java.util.Arrays.fill(rgb, out, out + row, 0f);
        for (int j = lo; j <= hi; j++) {
          float w = k[j + r];
          int src = (y + j) * row;
          for (int c = 0; c < row; c++) {
            rgb[out + c] += w * tmp[src + c];
          }
        }
      }
    }
  }
}
