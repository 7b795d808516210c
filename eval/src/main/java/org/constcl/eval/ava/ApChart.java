package org.constcl.eval.ava;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Per-class AP as a horizontal bar chart (PNG), classes in label-map order, the mAP as a line;
 * classes without ground truth are listed as "no ground truth" (they are not in the mean).
 */
public final class ApChart {
  private ApChart() {}

  public static void write(Map<String, Double> ap, double meanAp, String title, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int row = ap.size() <= 20 ? 22 : 12;
    int label = 190;
    int plot = 400;
    int top = 44;
    int width = label + plot + 70;
    int height = top + ap.size() * row + 30;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
      g.drawString(String.format(Locale.ROOT, "%s — frame mAP@0.5 %.4f", title, meanAp), 8, 18);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.min(12, row - 2)));
      g.drawString("AP per class (0 to 1)", label, 36);
      int y = top;
      for (Map.Entry<String, Double> e : ap.entrySet()) {
        String name = e.getKey().length() > 28 ? e.getKey().substring(0, 27) + "…" : e.getKey();
        g.setColor(Color.BLACK);
        g.drawString(name, 8, y + row - 6);
        if (e.getValue().isNaN()) {
          g.setColor(Color.GRAY);
          g.drawString("no ground truth", label + 4, y + row - 6);
        } else {
          g.setColor(new Color(60, 110, 190));
          g.fillRect(label, y + 3, (int) Math.round(e.getValue() * plot), row - 6);
          g.setColor(Color.BLACK);
          g.drawString(String.format(Locale.ROOT, "%.3f", e.getValue()), label + (int) Math.round(e.getValue() * plot) + 4,
              y + row - 6);
        }
        y += row;
      }
      g.setColor(new Color(200, 30, 30));
      int mx = label + (int) Math.round((Double.isNaN(meanAp) ? 0 : meanAp) * plot);
      g.drawLine(mx, top, mx, y);
      g.setColor(Color.LIGHT_GRAY);
      g.drawLine(label, top, label, y);
      g.drawLine(label + plot, top, label + plot, y);
    } finally {
      g.dispose();
    }
    ImageIO.write(img, "png", file.toFile());
  }
}
