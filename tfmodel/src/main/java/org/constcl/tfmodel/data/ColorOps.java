package org.constcl.tfmodel.data;

/**
 * Colour operations on interleaved RGB floats in [0, 1], each clipping to [0, 1] as the
 * reference's TensorFlow ops do. They act on all frames of a view at once ("the tall image").
 */
final class ColorOps {
  private ColorOps() {}

  static void brightness(float[] rgb, double factor) {
    float f = (float) factor;
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = clip(rgb[i] * f);
    }
  }

  /** TF adjust_contrast: {@code (x - mean) * f + mean}, mean per channel over all pixels. */
  static void contrast(float[] rgb, double factor) {
    double r = 0;
    double g = 0;
    double b = 0;
    for (int i = 0; i < rgb.length; i += 3) {
      r += rgb[i];
      g += rgb[i + 1];
      b += rgb[i + 2];
    }
    int pixels = rgb.length / 3;
    float f = (float) factor;
    // x' = x * f + mean * (1 - f)
    float or = (float) (r / pixels * (1 - factor));
    float og = (float) (g / pixels * (1 - factor));
    float ob = (float) (b / pixels * (1 - factor));
    for (int i = 0; i < rgb.length; i += 3) {
      rgb[i] = clip(rgb[i] * f + or);
      rgb[i + 1] = clip(rgb[i + 1] * f + og);
      rgb[i + 2] = clip(rgb[i + 2] * f + ob);
    }
  }

  /**
   * TF adjust_saturation: saturation times {@code factor}, clipped, in HSV. With hue and value
   * fixed, each channel is {@code v (1 - s k)} for a hue-dependent k, so scaling s to s' moves
   * every channel towards v by the same ratio: {@code c' = v - (v - c) s' / s}.
   */
  static void saturation(float[] rgb, double factor) {
    float f = (float) factor;
    for (int i = 0; i < rgb.length; i += 3) {
      float r = rgb[i];
      float g = rgb[i + 1];
      float b = rgb[i + 2];
      float v = Math.max(r, Math.max(g, b));
      float min = Math.min(r, Math.min(g, b));
      if (v <= 0f || v == min) {
        continue;
      }
      float s = (v - min) / v;
      float s2 = Math.min(1f, s * f);
      float k = s2 / s;
      rgb[i] = clip(v - (v - r) * k);
      rgb[i + 1] = clip(v - (v - g) * k);
      rgb[i + 2] = clip(v - (v - b) * k);
    }
  }

  /** TF adjust_hue: hue rotated by {@code delta} (in turns), saturation and value kept. */
  static void hue(float[] rgb, double delta) {
    float d = (float) delta * 6f; // in sextants
    for (int i = 0; i < rgb.length; i += 3) {
      float r = rgb[i];
      float g = rgb[i + 1];
      float b = rgb[i + 2];
      float v = Math.max(r, Math.max(g, b));
      float min = Math.min(r, Math.min(g, b));
      float range = v - min;
      if (range <= 0f) {
        continue; // grey: no hue
      }
      float h;
      if (v == r) {
        h = (g - b) / range;
      } else if (v == g) {
        h = 2f + (b - r) / range;
      } else {
        h = 4f + (r - g) / range;
      }
      h += d;
      h -= 6f * (float) Math.floor(h / 6f);
      int sector = (int) h;
      if (sector > 5) {
        sector = 5;
      }
      float f = h - sector;
      // Same value and saturation: the channels are v, min and one in between.
      float p = min;
      float q = v - range * f;
      float t = min + range * f;
      switch (sector) {
        case 0 -> { r = v; g = t; b = p; }
        case 1 -> { r = q; g = v; b = p; }
        case 2 -> { r = p; g = v; b = t; }
        case 3 -> { r = p; g = q; b = v; }
        case 4 -> { r = t; g = p; b = v; }
        default -> { r = v; g = p; b = q; }
      }
      rgb[i] = r;
      rgb[i + 1] = g;
      rgb[i + 2] = b;
    }
  }

  /** TF rgb_to_grayscale (0.2989, 0.5870, 0.1140), replicated to three channels. */
  static void grayscale(float[] rgb) {
    for (int i = 0; i < rgb.length; i += 3) {
      float g = 0.2989f * rgb[i] + 0.5870f * rgb[i + 1] + 0.1140f * rgb[i + 2];
      rgb[i] = rgb[i + 1] = rgb[i + 2] = g;
    }
  }

  /** Values at or above 0.5 become {@code 1 - x}. */
  static void solarize(float[] rgb) {
    for (int i = 0; i < rgb.length; i++) {
      if (rgb[i] >= 0.5f) {
        rgb[i] = 1f - rgb[i];
      }
    }
  }

  static void toHsv(float[] rgb, int i, float[] hsv) {
    float r = rgb[i];
    float g = rgb[i + 1];
    float b = rgb[i + 2];
    float max = Math.max(r, Math.max(g, b));
    float min = Math.min(r, Math.min(g, b));
    float range = max - min;
    float h = 0f;
    if (range > 0) {
      if (max == r) {
        h = (g - b) / range;
      } else if (max == g) {
        h = 2f + (b - r) / range;
      } else {
        h = 4f + (r - g) / range;
      }
      h /= 6f;
      if (h < 0) {
        h += 1f;
      }
    }
    hsv[0] = h;
    hsv[1] = max > 0 ? range / max : 0f;
    hsv[2] = max;
  }

  static void fromHsv(float[] hsv, float[] rgb, int i) {
    float h = hsv[0] * 6f;
    float s = hsv[1];
    float v = hsv[2];
    int sector = (int) Math.floor(h) % 6;
    float f = h - (float) Math.floor(h);
    float p = v * (1 - s);
    float q = v * (1 - s * f);
    float t = v * (1 - s * (1 - f));
    float r;
    float g;
    float b;
    switch (sector) {
      case 0 -> { r = v; g = t; b = p; }
      case 1 -> { r = q; g = v; b = p; }
      case 2 -> { r = p; g = v; b = t; }
      case 3 -> { r = p; g = q; b = v; }
      case 4 -> { r = t; g = p; b = v; }
      default -> { r = v; g = p; b = q; }
    }
    rgb[i] = clip(r);
    rgb[i + 1] = clip(g);
    rgb[i + 2] = clip(b);
  }

  static float clip(float v) {
    return v < 0f ? 0f : (v > 1f ? 1f : v);
  }
}
