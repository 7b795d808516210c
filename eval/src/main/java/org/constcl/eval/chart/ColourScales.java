package org.constcl.eval.chart;

import java.awt.Color;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.PaintScale;

/** The colour scales the figures use, as JFreeChart paint scales (256 steps). */
public final class ColourScales {
  private ColourScales() {}

  /** Jet (blue, cyan, yellow, red) from {@code lo} to {@code hi}: attention weights. */
  public static PaintScale jet(double lo, double hi) {
    double top = hi > lo ? hi : lo + 1e-9;
    LookupPaintScale s = new LookupPaintScale(lo, top, Color.BLUE);
    for (int i = 0; i < 256; i++) {
      int[] c = jet(i / 255.0);
      s.add(lo + (top - lo) * i / 256.0, new Color(c[0], c[1], c[2]));
    }
    return s;
  }

  /** White to dark blue from {@code lo} to {@code hi}: shares in a confusion matrix. */
  public static PaintScale blues(double lo, double hi) {
    LookupPaintScale s = new LookupPaintScale(lo, hi, Color.WHITE);
    for (int i = 0; i < 256; i++) {
      double t = i / 255.0;
      s.add(lo + (hi - lo) * i / 256.0, new Color((int) Math.round(255 - 247 * t), (int) Math.round(255 - 207 * t),
          (int) Math.round(255 - 148 * t)));
    }
    return s;
  }

  /** The jet colour at {@code v} in [0, 1] as RGB. */
  public static int[] jet(double v) {
    double t = Math.max(0, Math.min(1, v));
    double r = Math.max(0, Math.min(1, 1.5 - Math.abs(4 * t - 3)));
    double g = Math.max(0, Math.min(1, 1.5 - Math.abs(4 * t - 2)));
    double b = Math.max(0, Math.min(1, 1.5 - Math.abs(4 * t - 1)));
    return new int[] {(int) Math.round(255 * r), (int) Math.round(255 * g), (int) Math.round(255 * b)};
  }
}
