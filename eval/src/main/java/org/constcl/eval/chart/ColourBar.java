package org.constcl.eval.chart;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * A horizontal colour bar with a labelled value axis (JFreeChart's {@link PaintScaleLegend}), drawn
 * into a region of a raster figure such as the attention maps.
 */
public final class ColourBar {
  private ColourBar() {}

  /** The bar as a chart of its own: an empty plot with the legend as its only content. */
  public static JFreeChart chart(String label, PaintScale scale) {
    NumberAxis axis = new NumberAxis(label);
    axis.setRange(scale.getLowerBound(), scale.getUpperBound());
    PaintScaleLegend legend = new PaintScaleLegend(scale, axis);
    legend.setPosition(RectangleEdge.TOP);
    legend.setStripWidth(12);
    legend.setSubdivisionCount(256);
    legend.setMargin(2, 12, 2, 12);
    XYPlot plot = new XYPlot(new DefaultXYZDataset(), new NumberAxis(), new NumberAxis(), new XYBlockRenderer());
    plot.getDomainAxis().setVisible(false);
    plot.getRangeAxis().setVisible(false);
    plot.setOutlineVisible(false);
    JFreeChart chart = new JFreeChart(null, ChartStyle.TITLE, plot, false);
    chart.addSubtitle(legend);
    ChartStyle.apply(chart);
    axis.setLabelFont(ChartStyle.LABEL);
    axis.setTickLabelFont(ChartStyle.TICK);
    return chart;
  }

  /** Draws the bar into {@code area} of {@code g}. */
  public static void draw(Graphics2D g, Rectangle2D area, String label, PaintScale scale) {
    chart(label, scale).draw(g, area);
  }
}
