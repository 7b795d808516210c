package org.constcl.eval.ava;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.constcl.eval.chart.ChartFiles;
import org.constcl.eval.chart.ChartStyle;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Per-class AP as horizontal bars (PNG and SVG), classes in label-map order, the mAP as a marked
 * line; a class without ground truth has no bar and says so in its label (it is not in the mean).
 */
public final class ApChart {
  static final String SERIES = "AP per class (frame, IoU ≥ 0.5)";

  private ApChart() {}

  /** Writes {@code file} (a .png) and the .svg beside it. */
  public static void write(Map<String, Double> ap, double meanAp, String title, Path file) throws IOException {
    ChartFiles.writeBeside(chart(ap, meanAp, title), 760, height(ap.size()), file);
  }

  static int height(int classes) {
    return 110 + classes * (classes <= 20 ? 22 : 12);
  }

  static JFreeChart chart(Map<String, Double> ap, double meanAp, String title) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Map.Entry<String, Double> e : ap.entrySet()) {
      boolean none = e.getValue() == null || e.getValue().isNaN();
      data.addValue(none ? null : e.getValue(), SERIES, label(e.getKey(), none));
    }
    BarRenderer r = new BarRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setSeriesPaint(0, ChartStyle.series(0));
    r.setMaximumBarWidth(0.8);
    CategoryAxis classes = new CategoryAxis("class");
    classes.setMaximumCategoryLabelWidthRatio(0.45f);
    NumberAxis value = new NumberAxis("average precision (0 to 1)");
    value.setRange(0, 1);
    CategoryPlot plot = new CategoryPlot(data, classes, value, r);
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    if (Double.isFinite(meanAp)) {
      ValueMarker m = new ValueMarker(meanAp, new Color(0xd62728), new BasicStroke(1.5f));
      m.setLabel(String.format(Locale.ROOT, "mAP %.4f", meanAp));
      m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
      m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      plot.addRangeMarker(m);
    }
    return ChartStyle.apply(new JFreeChart(String.format(Locale.ROOT, "%s — frame mAP@0.5 %.4f", title, meanAp),
        ChartStyle.TITLE, plot, true));
  }

  private static String label(String name, boolean none) {
    String s = name.length() > 28 ? name.substring(0, 27) + "…" : name;
    return none ? s + " (no ground truth)" : s;
  }
}
