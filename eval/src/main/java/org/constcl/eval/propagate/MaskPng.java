package org.constcl.eval.propagate;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Annotation PNGs as DAVIS stores them: 8-bit palette images whose pixel values are the labels
 * (the colours are only for viewing). Reads palette or 8-bit grayscale PNGs; anything else is an
 * error naming the file.
 */
public final class MaskPng {
  private MaskPng() {}

  /** Writes {@code map} as an 8-bit palette PNG with the {@link DavisPalette}. */
  public static void write(Path file, LabelMap map) throws IOException {
    BufferedImage image = new BufferedImage(map.width(), map.height(), BufferedImage.TYPE_BYTE_INDEXED,
        DavisPalette.colorModel());
    WritableRaster raster = image.getRaster();
    for (int y = 0; y < map.height(); y++) {
      for (int x = 0; x < map.width(); x++) {
        raster.setSample(x, y, 0, map.label(y * map.width() + x));
      }
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer for " + file);
    }
  }

  /**
   * Reads the labels of a palette (any bit depth) or 8-bit grayscale PNG.
   *
   * @throws IOException naming the file when it is missing, not a PNG, or holds colour pixels
   */
  public static LabelMap read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": annotation file missing");
    }
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + ": not a readable PNG (" + e.getMessage() + ")", e);
    }
    if (image == null) {
      throw new IOException(file + ": not a readable PNG");
    }
    boolean palette = image.getColorModel() instanceof IndexColorModel;
    boolean gray = image.getType() == BufferedImage.TYPE_BYTE_GRAY;
    if (!palette && !gray) {
      throw new IOException(file + ": an annotation must be a palette (indexed) or 8-bit grayscale PNG whose values are"
          + " object labels, not a colour image");
    }
    Raster raster = image.getRaster();
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] labels = new byte[w * h];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      raster.getSamples(0, y, w, 1, 0, row);
      for (int x = 0; x < w; x++) {
        labels[y * w + x] = (byte) row[x];
      }
    }
    return new LabelMap(w, h, labels);
  }
}
