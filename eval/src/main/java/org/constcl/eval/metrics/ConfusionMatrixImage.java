package org.constcl.eval.metrics;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws a confusion matrix as a PNG: rows are true classes, columns predicted classes, each cell
 * shaded by its share of the row and labelled with its count.
 */
public final class ConfusionMatrixImage {
  private ConfusionMatrixImage() {}

  public static void write(ClassificationReport report, String title, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int k = report.classes().size();
    int cell = k <= 10 ? 48 : k <= 60 ? 16 : 6;
    int label = k <= 60 ? 150 : 0;
    int top = 40;
    int width = label + k * cell + 20;
    int height = top + k * cell + label + 10;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
      g.drawString(title, 8, 18);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g.drawString("rows: true class, columns: predicted", 8, 33);
      long[][] m = report.confusion();
      for (int r = 0; r < k; r++) {
        long total = 0;
        for (long v : m[r]) {
          total += v;
        }
        for (int c = 0; c < k; c++) {
          double share = total == 0 ? 0 : (double) m[r][c] / total;
          int shade = (int) Math.round(255 * (1 - share));
          g.setColor(new Color(shade, shade, 255));
          g.fillRect(label + c * cell, top + r * cell, cell, cell);
          g.setColor(Color.LIGHT_GRAY);
          g.drawRect(label + c * cell, top + r * cell, cell, cell);
          if (cell >= 16 && m[r][c] > 0) {
            g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
            g.drawString(Long.toString(m[r][c]), label + c * cell + 3, top + r * cell + cell / 2 + 4);
          }
        }
        if (label > 0) {
          g.setColor(Color.BLACK);
          g.drawString(shorten(report.classes().get(r)), 4, top + r * cell + cell / 2 + 4);
        }
      }
      if (label > 0) {
        for (int c = 0; c < k; c++) {
          Graphics2D rotated = (Graphics2D) g.create();
          rotated.translate(label + c * cell + cell / 2 + 4, top + k * cell + 4);
          rotated.rotate(Math.PI / 2);
          rotated.setColor(Color.BLACK);
          rotated.drawString(shorten(report.classes().get(c)), 0, 0);
          rotated.dispose();
        }
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(img, "png", file.toFile());
  }

  private static String shorten(String s) {
    return s.length() > 22 ? s.substring(0, 21) + "…" : s;
  }
}
