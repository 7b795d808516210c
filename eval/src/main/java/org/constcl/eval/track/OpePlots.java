package org.constcl.eval.track;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** The OTB success and precision plots as PNG (Java2D, headless). */
public final class OpePlots {
  private OpePlots() {}

  /** Writes {@code success.png} and {@code precision.png} into {@code dir}. */
  public static void write(Path dir, OtbScoring.Result r, String label) throws IOException {
    Files.createDirectories(dir);
    double[] xs = new double[OpeScore.SUCCESS_POINTS];
    for (int k = 0; k < xs.length; k++) {
      xs[k] = OpeScore.successThreshold(k);
    }
    plot(dir.resolve("success.png"), "Success plots of OPE", "Overlap threshold", "Success rate", xs, r.success(),
        String.format(Locale.ROOT, "%s [%.3f]", label, r.auc()));
    double[] ds = new double[OpeScore.PRECISION_POINTS];
    for (int d = 0; d < ds.length; d++) {
      ds[d] = d;
    }
    plot(dir.resolve("precision.png"), "Precision plots of OPE", "Location error threshold (px)", "Precision", ds,
        r.precision(), String.format(Locale.ROOT, "%s [%.3f]", label, r.precisionAt20()));
  }

  /** A single-curve line chart (y in [0, 1] or auto-scaled when above 1) as PNG. */
  public static void plot(Path file, String title, String xLabel, String yLabel, double[] x, double[] y, String legend)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    int w = 640;
    int h = 480;
    int l = 70;
    int t = 40;
    int pw = w - l - 30;
    int ph = h - t - 60;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      g.drawString(title, l, 25);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.drawRect(l, t, pw, ph);
      double xMax = Math.max(x[x.length - 1], 1e-9);
      double yMax = 1;
      for (double v : y) {
        yMax = Double.isFinite(v) ? Math.max(yMax, v) : yMax;
      }
      for (int k = 0; k <= 10; k++) {
        int py = t + ph - k * ph / 10;
        int px = l + k * pw / 10;
        g.setColor(new Color(230, 230, 230));
        g.drawLine(l + 1, py, l + pw - 1, py);
        g.setColor(Color.BLACK);
        g.drawString(String.format(Locale.ROOT, yMax > 1 ? "%.2f" : "%.1f", yMax * k / 10.0), l - 40, py + 4);
        g.drawString(String.format(Locale.ROOT, xMax > 1 ? "%.0f" : "%.1f", xMax * k / 10), px - 8, t + ph + 16);
      }
      g.drawString(xLabel, l + pw / 2 - 60, h - 15);
      g.drawString(yLabel, 5, t - 8);
      g.setColor(new Color(200, 30, 30));
      g.setStroke(new BasicStroke(2f));
      for (int i = 1; i < x.length; i++) {
        g.drawLine(l + (int) (x[i - 1] / xMax * pw), t + ph - (int) (y[i - 1] / yMax * ph), l + (int) (x[i] / xMax * pw),
            t + ph - (int) (y[i] / yMax * ph));
      }
      int legendWidth = g.getFontMetrics().stringWidth(legend);
      int lx = l + pw - legendWidth - 45;
      g.drawLine(lx, t + 20, lx + 30, t + 20);
      g.setColor(Color.BLACK);
      g.drawString(legend, lx + 35, t + 24);
    } finally {
      g.dispose();
    }
    ImageIO.write(img, "png", file.toFile());
  }
}
