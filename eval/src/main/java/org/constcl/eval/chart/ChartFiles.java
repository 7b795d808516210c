package org.constcl.eval.chart;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.text.TextUtils;

/**
 * Writes a JFreeChart as PNG and as SVG (through VectorGraphics2D, text kept as {@code <text>} so a
 * page can be searched and a test can read the labels). Both are deterministic for a given chart on
 * a given machine: no time stamps, ids derived from the drawing.
 */
public final class ChartFiles {
  static {
    System.setProperty("java.awt.headless", "true");
    // Rotated axis labels as drawString under a rotation (SVG text), not as glyph outlines.
    TextUtils.setUseDrawRotatedStringWorkaround(false);
  }

  private ChartFiles() {}

  /** Writes {@code <base>.png} and {@code <base>.svg} ({@code base} has no extension); returns the SVG written. */
  public static String write(JFreeChart chart, int width, int height, Path base) throws IOException {
    png(chart, width, height, sibling(base, ".png"));
    String svg = svgDocument(chart, width, height);
    Files.writeString(sibling(base, ".svg"), svg, StandardCharsets.UTF_8);
    return svg;
  }

  /** Writes {@code png} (a path ending in .png, as the callers name their figure) and the .svg beside it. */
  public static void writeBeside(JFreeChart chart, int width, int height, Path png) throws IOException {
    String name = png.getFileName().toString();
    write(chart, width, height, png.resolveSibling(name.endsWith(".png") ? name.substring(0, name.length() - 4) : name));
  }

  public static void png(JFreeChart chart, int width, int height, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      ChartUtils.writeChartAsPNG(out, chart, width, height);
    }
  }

  /** The chart as a standalone SVG file's text. */
  public static String svgDocument(JFreeChart chart, int width, int height) {
    VectorGraphics2D g = new VectorGraphics2D();
    chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width, height)).writeTo(out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write SVG to memory", e);
    }
    // VectorGraphics2D leaves out the size of text in its default font (12 px); a browser would
    // draw that text at its own default (16 px) and legend entries would overlap.
    return out.toString(StandardCharsets.UTF_8).replaceFirst("<svg ", "<svg style=\"font-size:12px\" ");
  }

  /** The chart as an {@code <svg>} element to put inside an HTML page (no XML prologue or doctype). */
  public static String svgElement(JFreeChart chart, int width, int height) {
    return element(svgDocument(chart, width, height));
  }

  /** An SVG file's text without its XML prologue and doctype. */
  public static String element(String svgDocument) {
    return svgDocument.substring(svgDocument.indexOf("<svg"));
  }

  private static Path sibling(Path base, String ext) {
    return base.resolveSibling(base.getFileName() + ext);
  }
}
