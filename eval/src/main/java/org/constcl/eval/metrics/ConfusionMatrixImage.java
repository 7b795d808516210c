package org.constcl.eval.metrics;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import org.constcl.eval.chart.ChartFiles;
import org.constcl.eval.chart.ChartStyle;
import org.constcl.eval.chart.ColourScales;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * A confusion matrix as a heat map (PNG and SVG): rows are true classes (top to bottom), columns
 * predicted classes, each cell shaded by its share of the row (colour bar in per cent) and, up to 20
 * classes, labelled with its count.
 */
public final class ConfusionMatrixImage {
  static final String SHARE = "share of the true class (%)";

  private ConfusionMatrixImage() {}

  /** Writes {@code file} (a .png) and the .svg beside it. */
  public static void write(ClassificationReport report, String title, Path file) throws IOException {
    int k = report.classes().size();
    int cell = k <= 10 ? 48 : k <= 60 ? 16 : 6;
    int side = Math.max(360, 220 + k * cell);
    ChartFiles.writeBeside(chart(report, title), side + 120, side + 60, file);
  }

  static JFreeChart chart(ClassificationReport report, String title) {
    int k = report.classes().size();
    long[][] m = report.confusion();
    double[] xs = new double[k * k];
    double[] ys = new double[k * k];
    double[] zs = new double[k * k];
    for (int r = 0; r < k; r++) {
      long total = 0;
      for (long v : m[r]) {
        total += v;
      }
      for (int c = 0; c < k; c++) {
        xs[r * k + c] = c;
        ys[r * k + c] = r;
        zs[r * k + c] = total == 0 ? 0 : 100.0 * m[r][c] / total;
      }
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("share", new double[][] {xs, ys, zs});
    String[] names = report.classes().stream().map(s -> s.length() > 22 ? s.substring(0, 21) + "…" : s).toArray(String[]::new);
    SymbolAxis predicted = new SymbolAxis("predicted class", names);
    predicted.setVerticalTickLabels(true);
    predicted.setGridBandsVisible(false);
    SymbolAxis truth = new SymbolAxis("true class", names);
    truth.setInverted(true);
    truth.setGridBandsVisible(false);
    if (k > 60) {
      predicted.setTickLabelsVisible(false);
      truth.setTickLabelsVisible(false);
    }
    PaintScale scale = ColourScales.blues(0, 100);
    XYBlockRenderer r = new XYBlockRenderer();
    r.setPaintScale(scale);
    XYPlot plot = new XYPlot(data, predicted, truth, r);
    if (k <= 20) {
      for (int i = 0; i < zs.length; i++) {
        long count = m[(int) ys[i]][(int) xs[i]];
        if (count > 0) {
          XYTextAnnotation a = new XYTextAnnotation(Long.toString(count), xs[i], ys[i]);
          a.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, k <= 10 ? 12 : 9));
          a.setPaint(zs[i] > 50 ? Color.WHITE : Color.BLACK);
          plot.addAnnotation(a);
        }
      }
    }
    JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, plot, false);
    NumberAxis shareAxis = new NumberAxis(SHARE);
    shareAxis.setRange(0, 100);
    PaintScaleLegend legend = new PaintScaleLegend(scale, shareAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setStripWidth(12);
    legend.setSubdivisionCount(128);
    legend.setMargin(4, 8, 4, 8);
    chart.addSubtitle(legend);
    ChartStyle.apply(chart);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    shareAxis.setLabelFont(ChartStyle.LABEL);
    shareAxis.setTickLabelFont(ChartStyle.TICK);
    return chart;
  }
}
