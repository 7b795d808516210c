package org.constcl.eval.propagate;

/**
 * A label image: one label per pixel, row-major (0 background, 1..K objects, {@link
 * DavisPalette#VOID} not scored).
 */
public record LabelMap(int width, int height, byte[] labels) {
  public LabelMap {
    if (labels.length != width * height) {
      throw new IllegalArgumentException("a " + width + "x" + height + " label map needs " + width * height
          + " labels, got " + labels.length);
    }
  }

  /** An all-background map. */
  public static LabelMap empty(int width, int height) {
    return new LabelMap(width, height, new byte[width * height]);
  }

  /** The label at pixel {@code i} (row-major). */
  public int label(int i) {
    return labels[i] & 0xff;
  }

  /** The largest label other than void (the object count of a first frame). */
  public int maxObject() {
    int max = 0;
    for (byte l : labels) {
      int v = l & 0xff;
      if (v != DavisPalette.VOID && v > max) {
        max = v;
      }
    }
    return max;
  }

  /** Pixels labelled {@code object}. */
  public boolean[] mask(int object) {
    boolean[] m = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      m[i] = (labels[i] & 0xff) == object;
    }
    return m;
  }
}
