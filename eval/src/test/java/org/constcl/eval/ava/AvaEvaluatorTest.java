package org.constcl.eval.ava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official AVA frame-mAP semantics: the public fixture, then one test per rule. */
class AvaEvaluatorTest {
  @TempDir Path dir;

  static Path fixture(String name) throws Exception {
    return Path.of(AvaEvaluatorTest.class.getResource("/ava-fixture/" + name).toURI());
  }

  private Path file(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private LabelMap labels(int... ids) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int id : ids) {
      sb.append("label {\n  name: \"c").append(id).append("\"\n  label_id: ").append(id).append("\n  label_type: PERSON_MOVEMENT\n}\n");
    }
    return LabelMap.read(file("labels.pbtxt", sb.toString()));
  }

  private AvaEvaluator.Result eval(LabelMap l, String gt, String det, AvaProtocol p, String excluded) throws Exception {
    Set<String> ex = excluded == null ? Set.of() : AvaRows.excluded(file("ex.csv", excluded), p);
    return AvaEvaluator.evaluate(l, AvaRows.groundTruth(file("gt.csv", gt), p), AvaRows.detections(file("det.csv", det), p), ex, p);
  }

  @Test
  void publicFixtureGivesTheOfficialNumbers() throws Exception {
    for (AvaProtocol p : AvaProtocol.values()) {
      LabelMap l = LabelMap.read(fixture("action_list.pbtxt"));
      AvaEvaluator.Result r = AvaEvaluator.evaluate(l, AvaRows.groundTruth(fixture("gt.csv"), p),
          AvaRows.detections(fixture("pred.csv"), p), Set.of(), p);
      assertThat(r.ap().get(1)).isCloseTo(0.17045454545454547, within(1e-15));
      assertThat(r.ap().get(2)).isEqualTo(0.0);
      assertThat(r.ap().get(3)).isCloseTo(0.1111111111111111, within(1e-15));
      assertThat(r.meanAp()).isCloseTo(0.09385521885521886, within(1e-15));
      assertThat(r.frames()).isEqualTo(3);
      assertThat(r.detections()).isEqualTo(30);
    }
  }

  @Test
  void bothLabelMapLayoutsParse() throws Exception {
    assertThat(LabelMap.read(fixture("action_list.pbtxt")).names()).containsEntry(1, "action1").containsEntry(3, "action3");
    assertThat(labels(1, 3, 80).names()).containsKeys(1, 3, 80);
    assertThat(labels(1, 3, 80).slots()).isEqualTo(80);
    assertThatThrownBy(() -> LabelMap.read(file("bad.pbtxt", "item {\n  name: \"x\"\n  id: zero\n}\n")))
        .isInstanceOf(AvaFormatException.class).hasMessageContaining("bad.pbtxt:3: not an integer id");
  }

  @Test
  void classOutsideTheLabelMapIsDroppedBeforeTheCap() throws Exception {
    // 60 detections of class 9 (not in the map) with high scores must not push out the one of class 1.
    StringBuilder det = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      det.append("v,902,0.1,0.1,0.5,0.5,9,0.99\n");
    }
    det.append("v,902,0.1,0.1,0.5,0.5,1,0.10\n");
    AvaEvaluator.Result r = eval(labels(1), "v,902,0.1,0.1,0.5,0.5,1,0\nv,902,0.1,0.1,0.5,0.5,9,0\n", det.toString(),
        AvaProtocol.CURRENT, null);
    assertThat(r.ap()).containsOnlyKeys(1);
    assertThat(r.ap().get(1)).isEqualTo(1.0);
  }

  @Test
  void timestampsWithAndWithoutLeadingZerosAreOneKey() throws Exception {
    for (AvaProtocol p : AvaProtocol.values()) {
      AvaEvaluator.Result r = eval(labels(1), "v,0903,0.1,0.1,0.5,0.5,1,0\n", "v,903,0.1,0.1,0.5,0.5,1,0.9\n", p, null);
      assertThat(r.ap().get(1)).as(p.id()).isEqualTo(1.0);
    }
    assertThat(AvaProtocol.CURRENT.key("v", "902.0")).isEqualTo("v,902.000000");
    assertThatThrownBy(() -> AvaRows.groundTruth(file("g.csv", "v,902.5,0.1,0.1,0.5,0.5,1,0\n"), AvaProtocol.V2018))
        .isInstanceOf(AvaFormatException.class).hasMessageContaining("g.csv:1: timestamp '902.5' is not an integer");
  }

  @Test
  void invertedDetectionIsDropped() throws Exception {
    // The inverted box would match (IoU computed on its corners) if it were kept; dropped, the class has no TP.
    AvaEvaluator.Result r = eval(labels(1), "v,902,0.1,0.1,0.5,0.5,1,0\n", "v,902,0.5,0.1,0.1,0.5,1,0.9\n",
        AvaProtocol.CURRENT, null);
    assertThat(r.ap().get(1)).isEqualTo(0.0);
  }

  @Test
  void duplicateDetectionIsAFalsePositive() throws Exception {
    AvaEvaluator.Result r = eval(labels(1), "v,902,0.1,0.1,0.5,0.5,1,0\n",
        "v,902,0.1,0.1,0.5,0.5,1,0.9\nv,902,0.1,0.1,0.5,0.5,1,0.8\n", AvaProtocol.CURRENT, null);
    assertThat(r.ap().get(1)).isEqualTo(1.0); // precision 1 at recall 1 before the duplicate
    AvaEvaluator.Result low = eval(labels(1), "v,902,0.1,0.1,0.5,0.5,1,0\n",
        "v,902,0.1,0.1,0.5,0.5,1,0.8\nv,902,0.6,0.6,0.9,0.9,1,0.9\n", AvaProtocol.CURRENT, null);
    assertThat(low.ap().get(1)).isEqualTo(0.5); // the FP first: precision 1/2 at recall 1
  }

  @Test
  void iouOfExactlyHalfMatches() throws Exception {
    // GT [0,0]-[1,0.5] (x1,y1,x2,y2 order in the file); detection [0,0]-[1,1]: IoU = 0.5/1 = 0.5 exactly.
    AvaEvaluator.Result r = eval(labels(1), "v,902,0.0,0.0,1.0,0.5,1,0\n", "v,902,0.0,0.0,1.0,1.0,1,0.9\n",
        AvaProtocol.CURRENT, null);
    assertThat(r.ap().get(1)).isEqualTo(1.0);
  }

  @Test
  void aDetectionWhoseBestGroundTruthIsTakenIsAFalsePositive() throws Exception {
    // GT A = x 0.0-0.5, GT B = x 0.25-0.75 (both y 0-1). D1 (0.9) = A exactly -> TP on A.
    // D2 (0.8) = x 0.1-0.6: IoU with A = 0.4/0.6 = 0.667 (best, taken), with B = 0.35/0.65 = 0.538 >= 0.5 -> still FP.
    AvaEvaluator.Result r = eval(labels(1), "v,902,0.0,0.0,0.5,1.0,1,0\nv,902,0.25,0.0,0.75,1.0,1,1\n",
        "v,902,0.0,0.0,0.5,1.0,1,0.9\nv,902,0.1,0.0,0.6,1.0,1,0.8\n", AvaProtocol.CURRENT, null);
    assertThat(r.ap().get(1)).isEqualTo(0.5); // recall 1/2 at precision 1, never reaches 2/2
  }

  @Test
  void emptyKeyframeMakesItsDetectionsFalsePositivesAndUnknownFramesAreIgnored() throws Exception {
    String gt = "v,902,0.1,0.1,0.5,0.5,1,0\nv,903\n";
    String det = "v,902,0.1,0.1,0.5,0.5,1,0.5\nv,903,0.1,0.1,0.5,0.5,1,0.9\nv,904,0.1,0.1,0.5,0.5,1,0.95\n";
    AvaEvaluator.Result current = eval(labels(1), gt, det, AvaProtocol.CURRENT, null);
    assertThat(current.ignored()).isEqualTo(1); // v,904 is not a listed keyframe
    assertThat(current.ap().get(1)).isEqualTo(0.5); // FP (0.9 on the empty keyframe) then TP
    // 2018: no 2-column rows; a frame without ground truth counts its detections as FPs unless excluded.
    AvaEvaluator.Result old = eval(labels(1), "v,902,0.1,0.1,0.5,0.5,1,0\n", det, AvaProtocol.V2018, "v,0904\n");
    assertThat(old.ignored()).isEqualTo(1);
    assertThat(old.ap().get(1)).isEqualTo(0.5);
    AvaEvaluator.Result notExcluded = eval(labels(1), "v,902,0.1,0.1,0.5,0.5,1,0\n", det, AvaProtocol.V2018, null);
    assertThat(notExcluded.ap().get(1)).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void classWithDetectionsButNoGroundTruthIsLeftOutOfTheMean() throws Exception {
    AvaEvaluator.Result r = eval(labels(1, 2, 3), "v,902,0.1,0.1,0.5,0.5,1,0\nv,902,0.1,0.1,0.5,0.5,3,0\n",
        "v,902,0.1,0.1,0.5,0.5,1,0.9\nv,902,0.1,0.1,0.5,0.5,2,0.9\n", AvaProtocol.CURRENT, null);
    assertThat(r.ap().get(2)).isNaN();
    assertThat(r.ap().get(3)).isEqualTo(0.0); // ground truth but no detection: 0, counted
    assertThat(r.meanAp()).isEqualTo(0.5);
  }

  @Test
  void onlyTheFiftyBestDetectionsOfAFrameCount() throws Exception {
    StringBuilder det = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      det.append(String.format(java.util.Locale.ROOT, "v,902,0.6,0.6,0.9,0.9,1,0.%02d\n", 50 + i)); // 50 FPs, 0.50-0.99
    }
    det.append("v,902,0.1,0.1,0.5,0.5,1,0.40\n"); // the TP, 51st by score: dropped
    AvaEvaluator.Result r = eval(labels(1), "v,902,0.1,0.1,0.5,0.5,1,0\n", det.toString(), AvaProtocol.CURRENT, null);
    assertThat(r.detections()).isEqualTo(50);
    assertThat(r.ap().get(1)).isEqualTo(0.0);
  }

  @Test
  void malformedRowsNameFileAndLine() throws Exception {
    assertThatThrownBy(() -> AvaRows.detections(file("d.csv", "v,902,0.1,0.1,0.5,0.5,1,0.9\nv,902,0.1\n"), AvaProtocol.CURRENT))
        .isInstanceOf(AvaFormatException.class).hasMessageContaining("d.csv:2: expected 2, 7 or 8 columns");
    assertThatThrownBy(() -> AvaRows.detections(file("e.csv", "v,902,a,0.1,0.5,0.5,1,0.9\n"), AvaProtocol.CURRENT))
        .isInstanceOf(AvaFormatException.class).hasMessageContaining("e.csv:1: not a number");
  }
}
