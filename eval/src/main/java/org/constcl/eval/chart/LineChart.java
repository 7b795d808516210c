package org.constcl.eval.chart;

import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A line chart of named series (training curves, success and precision plots): labelled axes with
 * their units, a legend entry per series, non-finite points left out.
 */
public final class LineChart {
  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<XYSeries> series = new ArrayList<>();
  private final List<Boolean> dashed = new ArrayList<>();
  private double[] yRange;

  public LineChart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** Adds a series; {@code x} and {@code y} have the same length. */
  public LineChart series(String name, double[] x, double[] y) {
    return series(name, x, y, false);
  }

  /** Adds a series drawn dashed (a second run beside a first one). */
  public LineChart series(String name, double[] x, double[] y, boolean dash) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("series " + name + ": " + x.length + " x values but " + y.length + " y values");
    }
    XYSeries s = new XYSeries(name, false, true);
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        s.add(x[i], y[i]);
      }
    }
    series.add(s);
    dashed.add(dash);
    return this;
  }

  /** Fixes the y axis (e.g. [0, 1] for rates) instead of fitting it to the data. */
  public LineChart yRange(double lo, double hi) {
    yRange = new double[] {lo, hi};
    return this;
  }

  public int size() {
    return series.size();
  }

  public JFreeChart chart() {
    XYSeriesCollection data = new XYSeriesCollection();
    series.forEach(data::addSeries);
    NumberAxis x = new NumberAxis(xLabel);
    x.setAutoRangeIncludesZero(false);
    NumberAxis y = new NumberAxis(yLabel);
    y.setAutoRangeIncludesZero(false);
    if (yRange != null) {
      y.setRange(yRange[0], yRange[1]);
    }
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < series.size(); i++) {
      r.setSeriesPaint(i, ChartStyle.series(dashed.get(i) ? i - firstDashed() : i));
      r.setSeriesStroke(i, dashed.get(i)
          ? new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
          : new BasicStroke(1.8f));
      // A one-point series (a single logged step) still shows.
      r.setSeriesShapesVisible(i, series.get(i).getItemCount() == 1);
    }
    XYPlot plot = new XYPlot(data, x, y, r);
    return ChartStyle.apply(new JFreeChart(title, ChartStyle.TITLE, plot, true));
  }

  /** Dashed series reuse the colours of the solid ones in order, so run A and run B of a cell match. */
  private int firstDashed() {
    int i = dashed.indexOf(true);
    return i < 0 ? 0 : i;
  }
}
