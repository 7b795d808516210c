package org.constcl.eval.propagate;

import java.awt.image.IndexColorModel;

/**
 * The 256-colour palette of DAVIS (and PASCAL VOC) annotation PNGs: index 0 black (background),
 * object {@code i} the colour whose bits interleave {@code i}'s bits, 255 (void) cream. Real DAVIS
 * files carry it, and masks this project writes use it, so viewers show the usual colours.
 */
public final class DavisPalette {
  /** The label DAVIS reserves for pixels that are not scored. */
  public static final int VOID = 255;

  private DavisPalette() {}

  /** RGB of palette index {@code index} (0-255). */
  public static int[] rgb(int index) {
    int r = 0;
    int g = 0;
    int b = 0;
    int c = index;
    for (int j = 0; j < 8; j++) {
      r |= bit(c, 0) << (7 - j);
      g |= bit(c, 1) << (7 - j);
      b |= bit(c, 2) << (7 - j);
      c >>= 3;
    }
    return new int[] {r, g, b};
  }

  private static int bit(int value, int index) {
    return (value >> index) & 1;
  }

  /** The palette as an 8-bit colour model for writing indexed PNGs. */
  public static IndexColorModel colorModel() {
    byte[] r = new byte[256];
    byte[] g = new byte[256];
    byte[] b = new byte[256];
    for (int i = 0; i < 256; i++) {
      int[] c = rgb(i);
      r[i] = (byte) c[0];
      g[i] = (byte) c[1];
      b[i] = (byte) c[2];
    }
    return new IndexColorModel(8, 256, r, g, b);
  }
}
