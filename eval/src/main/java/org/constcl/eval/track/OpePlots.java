package org.constcl.eval.track;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.constcl.eval.chart.ChartFiles;
import org.constcl.eval.chart.LineChart;

/** The OTB success and precision plots, and single-curve plots such as fine-tuning losses, as PNG and SVG. */
public final class OpePlots {
  private OpePlots() {}

  /** Writes {@code success.png|svg} and {@code precision.png|svg} into {@code dir}. */
  public static void write(Path dir, OtbScoring.Result r, String label) throws IOException {
    Files.createDirectories(dir);
    double[] xs = new double[OpeScore.SUCCESS_POINTS];
    for (int k = 0; k < xs.length; k++) {
      xs[k] = OpeScore.successThreshold(k);
    }
    ChartFiles.write(new LineChart("Success plots of OPE", "overlap threshold (IoU)", "success rate (0 to 1)")
        .series(String.format(Locale.ROOT, "%s [AUC %.3f]", label, r.auc()), xs, r.success()).yRange(0, 1).chart(),
        640, 480, dir.resolve("success"));
    double[] ds = new double[OpeScore.PRECISION_POINTS];
    for (int d = 0; d < ds.length; d++) {
      ds[d] = d;
    }
    ChartFiles.write(new LineChart("Precision plots of OPE", "location error threshold (px)", "precision (0 to 1)")
        .series(String.format(Locale.ROOT, "%s [%.3f at 20 px]", label, r.precisionAt20()), ds, r.precision()).yRange(0, 1)
        .chart(), 640, 480, dir.resolve("precision"));
  }

  /** A single-curve line chart written as {@code file} (a .png) and the .svg beside it. */
  public static void plot(Path file, String title, String xLabel, String yLabel, double[] x, double[] y, String legend)
      throws IOException {
    ChartFiles.writeBeside(new LineChart(title, xLabel, yLabel).series(legend, x, y).chart(), 640, 480, file);
  }
}
