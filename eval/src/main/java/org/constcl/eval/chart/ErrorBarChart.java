package org.constcl.eval.chart;

import java.awt.Color;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * Bars of means with error bars of one standard deviation: one group per row (an ablation cell
 * without its seed), one bar per metric. A row measured once has no error bar.
 */
public final class ErrorBarChart {
  private final String title;
  private final String categoryLabel;
  private final String valueLabel;
  private final DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();

  public ErrorBarChart(String title, String categoryLabel, String valueLabel) {
    this.title = title;
    this.categoryLabel = categoryLabel;
    this.valueLabel = valueLabel;
  }

  /** Adds one bar: {@code std} NaN (fewer than two seeds) draws no error bar. */
  public ErrorBarChart bar(String metric, String row, double mean, double std) {
    data.add(Double.isFinite(mean) ? mean : null, Double.isFinite(std) ? std : null, metric, row);
    return this;
  }

  public JFreeChart chart() {
    StatisticalBarRenderer r = new StatisticalBarRenderer();
    r.setErrorIndicatorPaint(Color.BLACK);
    r.setDrawBarOutline(false);
    r.setShadowVisible(false);
    r.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
    for (int i = 0; i < data.getRowCount(); i++) {
      r.setSeriesPaint(i, ChartStyle.series(i));
    }
    CategoryAxis rows = new CategoryAxis(categoryLabel);
    rows.setCategoryLabelPositions(data.getColumnCount() > 4 ? CategoryLabelPositions.UP_45 : CategoryLabelPositions.STANDARD);
    rows.setMaximumCategoryLabelLines(2);
    NumberAxis values = new NumberAxis(valueLabel);
    CategoryPlot plot = new CategoryPlot(data, rows, values, r);
    return ChartStyle.apply(new JFreeChart(title, ChartStyle.TITLE, plot, true));
  }
}
