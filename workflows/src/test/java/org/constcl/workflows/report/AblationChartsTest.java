package org.constcl.workflows.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.constcl.eval.chart.ChartFiles;
import org.jfree.data.statistics.StatisticalCategoryDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's error-bar charts: a row's bar is the mean over its seeds, its error bar their sample std. */
class AblationChartsTest {
  @TempDir Path dir;

  @Test
  void barsAreMeansOverSeedsWithSampleStandardDeviations() throws Exception {
    AblationTable table = new AblationTable(SweepManifest.manifest(dir.resolve("events")), Map.of());
    List<AblationCharts.BenchmarkChart> charts = AblationCharts.of(table);
    assertThat(charts).extracting(AblationCharts.BenchmarkChart::benchmark).containsExactly("train", "speed-linear");
    AblationCharts.BenchmarkChart bench = charts.get(1);
    StatisticalCategoryDataset data = (StatisticalCategoryDataset) bench.chart().getCategoryPlot().getDataset();
    assertThat(data.getRowKeys()).containsExactly("top1", "top5");
    assertThat(data.getColumnKeys()).containsExactly("regions=random,lr=0.1 (n=2)", "regions=random,lr=0.2 (n=2)",
        "regions=slic,lr=0.1 (n=1)", "regions=slic,lr=0.2 (n=2)", "random init (speed-linear) (n=2)");
    // Cells 0 and 1 (seeds 1 and 2): top-1 0.50 and 0.51.
    assertThat(data.getMeanValue("top1", "regions=random,lr=0.1 (n=2)").doubleValue()).isCloseTo(0.505, within(1e-12));
    assertThat(data.getStdDevValue("top1", "regions=random,lr=0.1 (n=2)").doubleValue())
        .isCloseTo(Math.sqrt(2 * 0.005 * 0.005), within(1e-12));
    // One seed's evaluation failed: one value, no error bar.
    assertThat(data.getMeanValue("top1", "regions=slic,lr=0.1 (n=1)").doubleValue()).isCloseTo(0.54, within(1e-12));
    assertThat(data.getStdDevValue("top1", "regions=slic,lr=0.1 (n=1)")).isNull();
    assertThat(bench.chart().getTitle().getText()).isEqualTo("speed-linear: mean ± std over seeds");
    assertThat(bench.chart().getCategoryPlot().getRangeAxis().getLabel()).isEqualTo("metric value (fraction, 0 to 1)");
    assertThat(charts.get(0).chart().getTitle().getText()).isEqualTo("pre-training, final values: mean ± std over seeds");
    assertThat(ChartFiles.svgElement(bench.chart(), 820, 420)).contains(">random init (speed-linear) (n=2)</text>");
  }
}
