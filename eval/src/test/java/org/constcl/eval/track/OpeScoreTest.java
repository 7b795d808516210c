package org.constcl.eval.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OPE scoring on small fixtures built from the definitions (eval-protocols §2.3-2.5); each
 * expected value says which toolkit semantics it follows.
 */
class OpeScoreTest {
  @TempDir Path dir;

  // 5 frames, 10x10 targets. Frame 1: init. Frame 2: exact (IoU 1). Frame 3: shifted by 5 px in x
  // (IoU 50/150 = 1/3, centre error 5). Frame 4: lost (IoU 0, error 50). Frame 5: GT invalid (w = 0).
  static final List<double[]> GT = List.of(new double[] {10, 10, 10, 10}, new double[] {20, 20, 10, 10},
      new double[] {30, 30, 10, 10}, new double[] {40, 40, 10, 10}, new double[] {50, 50, 0, 10});
  static final List<double[]> PRED = List.of(new double[] {11, 11, 10, 10}, new double[] {20, 20, 10, 10},
      new double[] {35, 30, 10, 10}, new double[] {90, 40, 10, 10}, new double[] {50, 50, 10, 10});

  @Test
  void originalOtbSemantics() {
    OpeScore.Sequence s = OpeScore.score("seq", GT, PRED, OtbSemantics.OTB);
    // IoU per frame: 1 (frame 1 := GT), 1, 1/3, 0, -1 (invalid GT). Error: 0, 0, 5, 50, -1.
    assertThat(s.success()[0]).isEqualTo(3.0 / 5); // IoU > 0: frames 1, 2, 3
    assertThat(s.success()[6]).isEqualTo(3.0 / 5); // t = 0.30 < 1/3
    assertThat(s.success()[7]).isEqualTo(2.0 / 5); // t = 0.35
    assertThat(s.success()[20]).isEqualTo(0.0); // IoU > 1 never
    assertThat(s.precision()[0]).isEqualTo(3.0 / 5); // error <= 0: frames 1, 2 and the invalid one (-1)
    assertThat(s.precision()[5]).isEqualTo(4.0 / 5); // exactly 5 px counts (<=)
    assertThat(s.precision()[20]).isEqualTo(4.0 / 5);
    assertThat(s.precision()[50]).isEqualTo(1.0);
  }

  @Test
  void gotToolkitSemantics() {
    OpeScore.Sequence s = OpeScore.score("seq", GT, PRED, OtbSemantics.GOT10K);
    // The invalid GT (w = 0) is scored as is: IoU 0, centre (49.5, 54.5) vs (54.5, 54.5) = 5 px; frame 1 := GT.
    assertThat(s.success()[0]).isEqualTo(3.0 / 5);
    assertThat(s.precision()[0]).isEqualTo(2.0 / 5);
    assertThat(s.precision()[4]).isEqualTo(2.0 / 5);
    assertThat(s.precision()[5]).isEqualTo(4.0 / 5); // frame 3 and the invalid frame, both 5 px
    assertThat(s.success()[20]).isEqualTo(0.0); // clipped to [0,1]; IoU 1 - eps is not > 1
  }

  @Test
  void pysotSemanticsUseTheFirstRowAsWritten() {
    OpeScore.Sequence s = OpeScore.score("seq", GT, PRED, OtbSemantics.PYSOT);
    // Frame 1 as written: IoU 81/119 = 0.68, error sqrt(2). Frame 5: invalid GT -> IoU -1, but its GT centre
    // (49.5, 54.5) is positive, so its error (5 px) is computed.
    assertThat(s.success()[13]).isEqualTo(2.0 / 5); // t = 0.65: frames 1 and 2
    assertThat(s.success()[14]).isEqualTo(1.0 / 5); // t = 0.70: frame 2 only
    assertThat(s.precision()[1]).isEqualTo(1.0 / 5); // frame 2 only
    assertThat(s.precision()[2]).isEqualTo(2.0 / 5); // and frame 1
    assertThat(s.precision()[5]).isEqualTo(4.0 / 5); // and frames 3 and 5
  }

  @Test
  void aPredictionExactlyAtTheThresholdDoesNotCount() {
    // IoU exactly 0.5: GT 10x10, prediction 10x5 inside it -> 50/100.
    OpeScore.Sequence s = OpeScore.score("half", List.of(new double[] {1, 1, 10, 10}, new double[] {1, 1, 10, 10}),
        List.of(new double[] {1, 1, 10, 10}, new double[] {1, 1, 10, 5}), OtbSemantics.OTB);
    assertThat(s.success()[10]).isEqualTo(0.5); // strict >: only frame 1
    assertThat(s.success()[9]).isEqualTo(1.0);
  }

  @Test
  void invalidPredictionsRepeatThePreviousOneInOtbOnly() {
    List<double[]> gt = List.of(new double[] {1, 1, 10, 10}, new double[] {1, 1, 10, 10}, new double[] {1, 1, 10, 10});
    List<double[]> pred = List.of(new double[] {1, 1, 10, 10}, new double[] {1, 1, 10, 10},
        new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN});
    assertThat(OpeScore.score("s", gt, pred, OtbSemantics.OTB).success()[19]).isEqualTo(1.0);
    assertThat(OpeScore.score("s", gt, pred, OtbSemantics.GOT10K).success()[0]).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(OpeScore.score("s", gt, pred, OtbSemantics.GOT10K).precision()[50]).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void lengthsMustMatchExceptForGot() {
    List<double[]> gt = List.of(new double[] {1, 1, 10, 10}, new double[] {1, 1, 10, 10});
    List<double[]> pred = List.of(new double[] {1, 1, 10, 10});
    assertThatThrownBy(() -> OpeScore.score("s", gt, pred, OtbSemantics.OTB)).hasMessageContaining("1 predicted boxes for 2");
    OpeScore.Sequence s = OpeScore.score("s", gt, pred, OtbSemantics.GOT10K);
    assertThat(s.frames()).isEqualTo(1);
    assertThat(s.notes()).singleElement().asString().contains("truncated to 1");
  }

  @Test
  void datasetCurvesWeighSequencesEquallyAndFilesUseAnySeparator() throws Exception {
    Path root = dir.resolve("OTB");
    Files.createDirectories(root.resolve("A"));
    Files.createDirectories(root.resolve("Jogging"));
    Files.writeString(root.resolve("A/groundtruth_rect.txt"), "1,1,10,10\n1\t1\t10\t10\n"); // tabs
    Files.writeString(root.resolve("Jogging/groundtruth_rect.1.txt"), "1 1 10 10\n1 1 10 10\n1 1 10 10\n1 1 10 10\n");
    Files.writeString(root.resolve("Jogging/groundtruth_rect.2.txt"), "5,5,10,10\n5,5,10,10\n");
    Path res = dir.resolve("results");
    BoxFile.write(res.resolve("A.txt"), List.of(new double[] {1, 1, 10, 10}, new double[] {100, 100, 10, 10}));
    BoxFile.write(res.resolve("Jogging.1.txt"), List.of(new double[] {1, 1, 10, 10}, new double[] {1, 1, 10, 10},
        new double[] {1, 1, 10, 10}, new double[] {1, 1, 10, 10}));
    BoxFile.write(res.resolve("Jogging.2.txt"), List.of(new double[] {5, 5, 10, 10}, new double[] {5, 5, 10, 10}));
    OtbScoring.Result r = OtbScoring.score(root, res, OtbSemantics.OTB);
    assertThat(r.sequences()).extracting(OpeScore.Sequence::name).containsExactly("A", "Jogging.1", "Jogging.2");
    // Per sequence success at 0.5: A 1/2, Jogging.1 1, Jogging.2 1 -> mean 5/6 (frame-weighted would be 7/8).
    assertThat(r.successAt05()).isCloseTo(5.0 / 6, within(1e-12));
    assertThat(r.json().get("per_sequence").get("A").get("frames").asInt()).isEqualTo(2);
    Files.delete(res.resolve("Jogging.2.txt"));
    assertThatThrownBy(() -> OtbScoring.score(root, res, OtbSemantics.OTB)).hasMessageContaining("no result file for 1 sequences")
        .hasMessageContaining("Jogging.2");
  }

  @Test
  void partiallyAnnotatedSequencesAreSliced() throws Exception {
    Path seq = dir.resolve("David");
    Files.createDirectories(seq);
    StringBuilder gt = new StringBuilder();
    for (int i = 300; i <= 770; i++) {
      gt.append("10,10,20,20\n");
    }
    Files.writeString(seq.resolve("groundtruth_rect.txt"), gt.toString());
    double[][] all = new double[770][];
    for (int i = 0; i < 770; i++) {
      all[i] = i >= 299 ? new double[] {10, 10, 20, 20} : new double[] {500, 500, 20, 20};
    }
    BoxFile.write(dir.resolve("res/David.txt"), List.of(all));
    OtbScoring.Result r = OtbScoring.score(seq, dir.resolve("res"), OtbSemantics.OTB);
    assertThat(r.auc()).isCloseTo(20.0 / 21, within(1e-12)); // IoU 1 on every annotated frame
    assertThat(r.json().get("per_sequence").get("David").get("notes").get(0).asText()).contains("300-770");
  }

  @Test
  void badLinesNameFileAndLine() throws Exception {
    Path f = dir.resolve("gt.txt");
    Files.writeString(f, "1,1,10,10\n1,1,10\n");
    assertThatThrownBy(() -> BoxFile.read(f)).hasMessageContaining("gt.txt:2: expected x,y,w,h, found 3 values");
  }

  @Test
  void plotsAreWritten() throws Exception {
    OpeScore.Sequence s = OpeScore.score("seq", GT, PRED, OtbSemantics.OTB);
    double[][] avg = OpeScore.average(List.of(s));
    OpePlots.write(dir.resolve("plots"), new OtbScoring.Result(OtbSemantics.OTB, List.of(s), avg[0], avg[1]), "test");
    assertThat(javax.imageio.ImageIO.read(dir.resolve("plots/success.png").toFile()).getWidth()).isEqualTo(640);
    assertThat(javax.imageio.ImageIO.read(dir.resolve("plots/precision.png").toFile()).getHeight()).isEqualTo(480);
  }
}
