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
    float[] tmp = new float[size * size * 3];
    int frameLen = size * size * 3;
    for (int f = 0; f < frames; f++) {
      int base = f * frameLen;
      // Horizontal pass into tmp.
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          for (int c = 0; c < 3; c++) {
            float acc = 0f;
            for (int j = -r; j <= r; j++) {
              int xx = x + j;
              if (xx >= 0 && xx < size) {
                acc += k[j + r] * rgb[base + (y * size + xx) * 3 + c];
              }
            }
            tmp[(y * size + x) * 3 + c] = acc;
          }
        }
      }
      // Vertical pass back into the frame.
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          for (int c = 0; c < 3; c++) {
            float acc = 0f;
            for (int j = -r; j <= r; j++) {
              int yy = y + j;
              if (yy >= 0 && yy < size) {
                acc += k[j + r] * tmp[(yy * size + x) * 3 + c];
              }
            }
            rgb[base + (y * size + x) * 3 + c] = acc;
          }
        }
      }
    }
  }
}
