package org.constcl.eval.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;

/** One look for every constcl chart: white ground, light grid, the ten "tab10" series colours, sans-serif text. */
public final class ChartStyle {
  static final Paint[] SERIES = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
      new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22),
      new Color(0x17becf)};
  public static final Color GRID = new Color(0xdddddd);
  public static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
  public static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  public static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

  private ChartStyle() {}

  public static Paint series(int i) {
    return SERIES[i % SERIES.length];
  }

  /** Applies the look to a chart whose plot and renderer are set. */
  public static JFreeChart apply(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    if (chart.getTitle() != null) {
      chart.getTitle().setFont(TITLE);
    }
    LegendTitle legend = chart.getLegend();
    if (legend != null) {
      legend.setItemFont(LABEL);
      legend.setFrame(new org.jfree.chart.block.BlockBorder(Color.WHITE));
    }
    Plot plot = chart.getPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlinePaint(Color.GRAY);
    if (plot instanceof XYPlot xy) {
      xy.setDomainGridlinePaint(GRID);
      xy.setRangeGridlinePaint(GRID);
      xy.setDomainGridlineStroke(new BasicStroke(0.5f));
      xy.setRangeGridlineStroke(new BasicStroke(0.5f));
      for (int a = 0; a < xy.getDomainAxisCount(); a++) {
        style(xy.getDomainAxis(a));
      }
      for (int a = 0; a < xy.getRangeAxisCount(); a++) {
        style(xy.getRangeAxis(a));
      }
    } else if (plot instanceof CategoryPlot cat) {
      cat.setRangeGridlinePaint(GRID);
      cat.setRangeGridlineStroke(new BasicStroke(0.5f));
      cat.getDomainAxis().setLabelFont(LABEL);
      cat.getDomainAxis().setTickLabelFont(TICK);
      style(cat.getRangeAxis());
    }
    return chart;
  }

  private static void style(org.jfree.chart.axis.ValueAxis axis) {
    if (axis != null) {
      axis.setLabelFont(LABEL);
      axis.setTickLabelFont(TICK);
    }
  }
}
