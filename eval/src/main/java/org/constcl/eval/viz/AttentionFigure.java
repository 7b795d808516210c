package org.constcl.eval.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.awt.geom.Rectangle2D;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.constcl.eval.chart.ColourBar;
import org.constcl.eval.chart.ColourScales;
import org.constcl.tfmodel.model.AttentionMaps;

/**
 * The attention figure: per decoder unit and layer a row holding the source view's keyframe with
 * the query box, then each context frame of the target view with the attention over its feature
 * cells as a heat map (bilinear upsampling, jet colours, 50 % blend), stretched between the row's
 * smallest and largest weight; under each row a colour bar (JFreeChart) with that range as its axis.
 */
public final class AttentionFigure {
  private static final int TILE = 192;
  /** Room under a row for its colour bar and axis. */
  static final int BAR = 64;

  private AttentionFigure() {}

  /**
   * @param views uint8 RGB [2, T, S, S, 3] (view a, then view b)
   * @param box the query box in view a as [ymin, xmin, ymax, xmax], normalised
   */
  public static void write(Path png, byte[] views, int frames, int size, AttentionMaps maps, int region, float[] box)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    int cols = 1 + maps.context();
    int rows = maps.maps().length;
    int top = 24;
    BufferedImage img = new BufferedImage(cols * TILE, top + rows * (TILE + BAR), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.drawString("query: view a, keyframe", 4, 16);
      int perStep = frames / maps.featureFrames();
      for (int l = 0; l < maps.context(); l++) {
        g.drawString(String.format("view b, step %d (frame %d)", maps.steps()[l], targetFrame(maps, l, perStep)),
            (1 + l) * TILE + 4, 16);
      }
      for (int k = 0; k < rows; k++) {
        int y0 = top + k * (TILE + BAR);
        BufferedImage key = frame(views, 0, frames / 2, frames, size);
        g.drawImage(key, 0, y0, TILE, TILE, null);
        g.setColor(Color.GREEN);
        g.setStroke(new BasicStroke(2f));
        g.drawRect(Math.round(box[1] * TILE), y0 + Math.round(box[0] * TILE), Math.round((box[3] - box[1]) * TILE),
            Math.round((box[2] - box[0]) * TILE));
        float max = 0;
        float min = Float.MAX_VALUE;
        for (int l = 0; l < maps.context(); l++) {
          for (int y = 0; y < maps.height(); y++) {
            for (int x = 0; x < maps.width(); x++) {
              max = Math.max(max, maps.at(k, region, l, y, x));
              min = Math.min(min, maps.at(k, region, l, y, x));
            }
          }
        }
        for (int l = 0; l < maps.context(); l++) {
          BufferedImage f = frame(views, 1, targetFrame(maps, l, perStep), frames, size);
          g.drawImage(overlay(f, maps, k, region, l, min, max), (1 + l) * TILE, y0, TILE, TILE, null);
        }
        ColourBar.draw(g, new Rectangle2D.Double(0, y0 + TILE, cols * TILE, BAR), String.format(Locale.ROOT,
            "unit/layer %d: attention weight (uniform would be %.4f)", k, 1.0 / maps.memory()), ColourScales.jet(min, max));
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(img, "png", png.toFile());
  }

  /** The input frame in the middle of a feature time step. */
  static int targetFrame(AttentionMaps maps, int l, int perStep) {
    return maps.steps()[l] * perStep + perStep / 2;
  }

  private static BufferedImage frame(byte[] views, int view, int t, int frames, int size) {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    int base = ((view * frames + t) * size * size) * 3;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int i = base + (y * size + x) * 3;
        img.setRGB(x, y, ((views[i] & 0xff) << 16) | ((views[i + 1] & 0xff) << 8) | (views[i + 2] & 0xff));
      }
    }
    return img;
  }

  private static BufferedImage overlay(BufferedImage f, AttentionMaps maps, int k, int region, int l, float min, float max) {
    int s = f.getWidth();
    BufferedImage out = new BufferedImage(s, s, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < s; y++) {
      for (int x = 0; x < s; x++) {
        // Cell centres at ((i + 0.5) / n) of the view; bilinear between them.
        double fy = Math.max(0, Math.min(maps.height() - 1, (y + 0.5) / s * maps.height() - 0.5));
        double fx = Math.max(0, Math.min(maps.width() - 1, (x + 0.5) / s * maps.width() - 0.5));
        int y0 = (int) Math.floor(fy);
        int x0 = (int) Math.floor(fx);
        int y1 = Math.min(maps.height() - 1, y0 + 1);
        int x1 = Math.min(maps.width() - 1, x0 + 1);
        double wy = fy - y0;
        double wx = fx - x0;
        double v = (1 - wy) * ((1 - wx) * maps.at(k, region, l, y0, x0) + wx * maps.at(k, region, l, y0, x1))
            + wy * ((1 - wx) * maps.at(k, region, l, y1, x0) + wx * maps.at(k, region, l, y1, x1));
        // Stretched between the row's extremes: a trained decoder's maps are peaked, a young one's nearly flat.
        double a = max > min ? (v - min) / (max - min) : 0;
        int rgb = f.getRGB(x, y);
        int[] jet = ColourScales.jet(a);
        int r = (((rgb >> 16) & 0xff) + jet[0]) / 2;
        int gr = (((rgb >> 8) & 0xff) + jet[1]) / 2;
        int b = ((rgb & 0xff) + jet[2]) / 2;
        out.setRGB(x, y, (r << 16) | (gr << 8) | b);
      }
    }
    return out;
  }
}
