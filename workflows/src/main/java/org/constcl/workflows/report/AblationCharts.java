package org.constcl.workflows.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.constcl.eval.chart.ErrorBarChart;
import org.jfree.chart.JFreeChart;

/**
 * One chart per benchmark of an {@link AblationTable}: a group of bars per row (mean over seeds, error
 * bar of one sample standard deviation), one bar per metric of that benchmark's columns.
 */
public final class AblationCharts {
  /** A benchmark's chart and the file-name-safe id it is written under. */
  public record BenchmarkChart(String benchmark, String id, JFreeChart chart) {}

  private AblationCharts() {}

  public static List<BenchmarkChart> of(AblationTable table) {
    Map<String, List<String>> byBenchmark = new LinkedHashMap<>();
    for (String col : table.columns()) {
      int space = col.indexOf(' ');
      byBenchmark.computeIfAbsent(space < 0 ? col : col.substring(0, space), b -> new ArrayList<>()).add(col);
    }
    List<BenchmarkChart> charts = new ArrayList<>();
    byBenchmark.forEach((bench, cols) -> {
      // The pre-training's columns (final loss and accuracy) share a chart as a benchmark's metrics do.
      String title = bench.equals("train") ? "pre-training, final values" : bench;
      ErrorBarChart c = new ErrorBarChart(title + ": mean ± std over seeds", "row (grid cell without its seed)",
          "metric value" + unit(cols));
      for (AblationTable.Row r : table.rows()) {
        for (String col : cols) {
          if (r.n(col) > 0) {
            c.bar(col.substring(col.indexOf(' ') + 1), r.label() + " (n=" + r.n(col) + ")", r.mean(col), r.std(col));
          }
        }
      }
      charts.add(new BenchmarkChart(bench, bench.replaceAll("[^A-Za-z0-9._-]", "_"), c.chart()));
    });
    return charts;
  }

  /** The unit when every metric of the chart shares one: rates and accuracies are fractions. */
  static String unit(List<String> cols) {
    boolean fractions = cols.stream().map(c -> c.substring(c.indexOf(' ') + 1)).allMatch(m -> m.matches(
        "(?i).*(top\\d|accuracy|map|auc|precision|success|recall|j_|f_|j_and_f|iou).*") && !m.contains("per_second"));
    return fractions ? " (fraction, 0 to 1)" : "";
  }
}
