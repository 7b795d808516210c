package org.constcl.eval.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.constcl.eval.ava.ApChart;
import org.constcl.eval.metrics.ClassificationReport;
import org.constcl.eval.metrics.ConfusionMatrixImage;
import org.constcl.eval.track.OpePlots;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden structure of every chart constcl draws: the PNG's and the SVG's size, the title, both axis
 * labels with their units and every legend entry, read back from the written files (no pixel
 * comparison).
 */
class ChartStructureTest {
  @TempDir Path dir;

  private static void pngSize(Path png, int w, int h) throws Exception {
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(w);
    assertThat(img.getHeight()).isEqualTo(h);
  }

  @Test
  void apPerClassHasClassesAxisUnitsAndTheMeanMarked() throws Exception {
    Map<String, Double> ap = new LinkedHashMap<>();
    ap.put("stand", 0.75);
    ap.put("sit", 0.25);
    ap.put("ride (e.g., a bike)", Double.NaN);
    ApChart.write(ap, 0.5, "AVA r3d50", dir.resolve("ap_per_class.png"));
    pngSize(dir.resolve("ap_per_class.png"), 760, 110 + 3 * 22);
    SvgStructure s = SvgStructure.read(dir.resolve("ap_per_class.svg"));
    assertThat(s.width()).isEqualTo(760);
    assertThat(s.height()).isEqualTo(176);
    assertThat(s.texts()).contains("AVA r3d50 — frame mAP@0.5 0.5000", "class", "average precision (0 to 1)", "mAP 0.5000",
        "AP per class (frame, IoU ≥ 0.5)", "stand", "sit", "ride (e.g., a bike) (no ground truth)", "0.0", "1.0");
  }

  @Test
  void confusionMatrixHasBothClassAxesColourBarAndCounts() throws Exception {
    ClassificationReport r = new ClassificationReport(List.of("left", "right", "still"));
    r.add(new double[] {0.9, 0.05, 0.05}, 0);
    r.add(new double[] {0.9, 0.05, 0.05}, 0);
    r.add(new double[] {0.1, 0.8, 0.1}, 1);
    r.add(new double[] {0.6, 0.3, 0.1}, 2);
    ConfusionMatrixImage.write(r, "speed linear: top-1 0.750", dir.resolve("confusion.png"));
    int side = Math.max(360, 220 + 3 * 48);
    pngSize(dir.resolve("confusion.png"), side + 120, side + 60);
    SvgStructure s = SvgStructure.read(dir.resolve("confusion.svg"));
    assertThat(s.width()).isEqualTo(side + 120);
    assertThat(s.texts()).contains("speed linear: top-1 0.750", "predicted class", "true class",
        "share of the true class (%)", "left", "right", "still", "2", "1", "0", "100");
    // The colour bar is the legend: no series legend besides it.
    assertThat(s.texts()).doesNotContain("share");
  }

  @Test
  void successAndPrecisionPlotsHaveUnitsAndTheScoreInTheLegend() throws Exception {
    double[] success = new double[21];
    for (int k = 0; k < success.length; k++) {
      success[k] = 1 - k / 20.0;
    }
    double[] precision = new double[51];
    for (int d = 0; d < precision.length; d++) {
      precision[d] = Math.min(1, d / 10.0);
    }
    OpePlots.write(dir.resolve("plots"), new org.constcl.eval.track.OtbScoring.Result(
        org.constcl.eval.track.OtbSemantics.OTB, List.of(), success, precision), "SiamFC r3d50");
    pngSize(dir.resolve("plots/success.png"), 640, 480);
    SvgStructure s = SvgStructure.read(dir.resolve("plots/success.svg"));
    assertThat(s.texts()).contains("Success plots of OPE", "overlap threshold (IoU)", "success rate (0 to 1)")
        .anyMatch(t -> t.matches("SiamFC r3d50 \\[AUC 0\\.\\d{3}]"));
    SvgStructure p = SvgStructure.read(dir.resolve("plots/precision.svg"));
    assertThat(p.width()).isEqualTo(640);
    assertThat(p.height()).isEqualTo(480);
    assertThat(p.texts()).contains("Precision plots of OPE", "location error threshold (px)", "precision (0 to 1)",
        "SiamFC r3d50 [1.000 at 20 px]");
  }

  @Test
  void lossCurveHasStepAndLossAxes() throws Exception {
    OpePlots.plot(dir.resolve("training_loss.png"), "AVA fine-tuning", "step", "loss (sigmoid cross-entropy)",
        new double[] {1, 2, 3}, new double[] {0.7, 0.6, 0.55}, "loss [0.550]");
    pngSize(dir.resolve("training_loss.png"), 640, 480);
    assertThat(SvgStructure.read(dir.resolve("training_loss.svg")).texts())
        .contains("AVA fine-tuning", "step", "loss (sigmoid cross-entropy)", "loss [0.550]");
  }

  @Test
  void lineChartDrawsEverySeriesInTheLegendAndDashedOnesAfter() throws Exception {
    JFreeChart c = new LineChart("training loss", "training step", "loss (InfoNCE, nats)")
        .series("a: regions=random", new double[] {1, 2}, new double[] {3, 2})
        .series("b: regions=random", new double[] {1, 2}, new double[] {3, 2.5}, true)
        .series("one point", new double[] {5}, new double[] {Double.NaN}).chart();
    assertThat(c.getPlot().getLegendItems().getItemCount()).isEqualTo(3);
    SvgStructure s = SvgStructure.parse(ChartFiles.svgDocument(c, 820, 400));
    assertThat(s.width()).isEqualTo(820);
    assertThat(s.height()).isEqualTo(400);
    assertThat(s.texts()).contains("training loss", "training step", "loss (InfoNCE, nats)", "a: regions=random",
        "b: regions=random", "one point");
  }

  @Test
  void errorBarChartHasRowsMetricsAndItsUnit() throws Exception {
    JFreeChart c = new ErrorBarChart("speed-linear: mean ± std over seeds", "row (grid cell without its seed)",
        "metric value (fraction, 0 to 1)")
        .bar("top1", "regions=random (n=3)", 0.5, 0.05).bar("top5", "regions=random (n=3)", 0.9, 0.01)
        .bar("top1", "random init (n=1)", 0.3, Double.NaN).chart();
    assertThat(c.getCategoryPlot().getLegendItems().getItemCount()).isEqualTo(2);
    Path base = dir.resolve("bench");
    ChartFiles.write(c, 820, 420, base);
    pngSize(dir.resolve("bench.png"), 820, 420);
    assertThat(SvgStructure.read(dir.resolve("bench.svg")).texts()).contains("speed-linear: mean ± std over seeds",
        "row (grid cell without its seed)", "metric value (fraction, 0 to 1)", "top1", "top5", "regions=random (n=3)",
        "random init (n=1)");
  }

  @Test
  void colourBarShowsItsLabelAndRange() throws Exception {
    JFreeChart bar = ColourBar.chart("attention weight", ColourScales.jet(0.01, 0.05));
    SvgStructure s = SvgStructure.parse(ChartFiles.svgDocument(bar, 576, 64));
    assertThat(s.width()).isEqualTo(576);
    assertThat(s.texts()).contains("attention weight").anyMatch(t -> t.startsWith("0.01")).anyMatch(t -> t.startsWith("0.05"));
  }

  @Test
  void svgIsTheSameForTheSameChart() throws Exception {
    JFreeChart c = new LineChart("t", "x", "y").series("s", new double[] {0, 1}, new double[] {1, 0}).chart();
    assertThat(ChartFiles.svgDocument(c, 300, 200)).isEqualTo(ChartFiles.svgDocument(c, 300, 200));
    assertThat(ChartFiles.svgElement(c, 300, 200)).startsWith("<svg");
  }
}
