package org.constcl.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Video-level scores and top-k on the T-CLS-1 vector (eval-protocols §3.2). */
class VideoScoresTest {
  static final float[][][] LOGITS = {
      {{3.0f, 0.0f, 0.0f, -1.0f, -2.0f, -3.0f}, {-10.0f, 1.2f, 1.0f, 0.0f, -1.0f, -2.0f}},
      {{0.5f, 2.0f, 0.0f, 1.0f, 0.0f, 0.0f}, {0.0f, 1.0f, 0.5f, 3.0f, 0.0f, 0.2f}},
      {{1.0f, 0.9f, 0.8f, 0.7f, 0.6f, 0.0f}, {1.0f, 0.9f, 0.8f, 0.7f, 0.6f, 0.1f}}};
  static final int[] LABELS = {0, 1, 5};

  @Test
  void tCls1MeanOfSoftmax() {
    double[] v0 = VideoScores.meanSoftmax(LOGITS[0]);
    assertThat(v0).containsExactly(new double[] {.443617, .242205, .202304, .074423, .027379, .010072}, within(1e-6));
    double[] v1 = VideoScores.meanSoftmax(LOGITS[1]);
    assertThat(v1).containsExactly(new double[] {.073933, .299486, .063673, .455004, .051952, .055952}, within(1e-6));
    double[] v2 = VideoScores.meanSoftmax(LOGITS[2]);
    assertThat(v2).containsExactly(new double[] {.221149, .200103, .181061, .163831, .14824, .085616}, within(1e-6));
    ClassificationReport r = new ClassificationReport(List.of("a", "b", "c", "d", "e", "f"));
    for (int v = 0; v < 3; v++) {
      r.add(VideoScores.meanSoftmax(LOGITS[v]), LABELS[v]);
    }
    assertThat(r.top1()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(r.top5()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(r.confusion()[1][3]).isEqualTo(1);
    assertThat(r.perClassAccuracy()).containsEntry("a", 1.0).containsEntry("b", 0.0).containsEntry("f", 0.0).hasSize(3);
  }

  @Test
  void tiesAtTheKthScoreCountAsInside() {
    double[] scores = {0.3, 0.3, 0.3, 0.1};
    assertThat(VideoScores.inTopK(scores, 2, 1)).isTrue();
    assertThat(VideoScores.inTopK(scores, 3, 3)).isFalse();
    assertThat(VideoScores.inTopK(new double[] {0.5, 0.2, 0.2, 0.1}, 2, 2)).isTrue();
    assertThat(VideoScores.inTopK(new double[] {0.5, 0.2, 0.2, 0.1}, 3, 3)).isFalse();
    assertThat(VideoScores.inTopK(new double[] {Double.NaN, 0.2}, 0, 2)).isFalse();
  }
}
