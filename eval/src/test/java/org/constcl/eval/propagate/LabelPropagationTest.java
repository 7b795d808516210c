package org.constcl.eval.propagate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Label propagation on hand-made feature maps whose affinities are computed by hand. */
class LabelPropagationTest {
  private static final LabelPropagation.Similarity LOOPS = LabelPropagation.Similarity.loops();

  /** Unit 2-d features at angle {@code degrees}. */
  private static float[] at(double... degrees) {
    float[] f = new float[degrees.length * 2];
    for (int i = 0; i < degrees.length; i++) {
      f[2 * i] = (float) Math.cos(Math.toRadians(degrees[i]));
      f[2 * i + 1] = (float) Math.sin(Math.toRadians(degrees[i]));
    }
    return f;
  }

  @Test
  void identicalFramesPropagatePerfectly() {
    // 1 x 3 map, labels 0, 1, 2 one-hot; frame 1 repeats frame 0's features: each cell finds itself.
    float[] frame = at(0, 90, 180);
    float[] first = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    List<float[]> out = new LabelPropagation(new LabelPropagation.Settings(1, 0.05, 5, 1), LOOPS)
        .propagate(List.of(frame, frame, frame), 1, 3, 2, first, 3);
    assertThat(out).hasSize(3);
    assertThat(out.get(1)).containsExactly(first);
    assertThat(out.get(2)).containsExactly(first);
    LabelMap up = SoftLabels.toLabels(out.get(2), 3, 1, 3, 6, 2);
    LabelMap truth = new LabelMap(6, 2, new byte[] {0, 0, 1, 1, 2, 2, 0, 0, 1, 1, 2, 2});
    for (int o = 1; o <= 2; o++) {
      assertThat(JfMeasure.jaccard(truth.mask(o), up.mask(o))).isEqualTo(1.0);
      assertThat(JfMeasure.boundaryF(truth.mask(o), up.mask(o), 6, 2)).isEqualTo(1.0);
    }
  }

  @Test
  void softmaxOverTheTopKWeighsNeighboursBySimilarity() {
    // Frame 0: cells at 0° (label 1) and 60° (label 0); frame 1, one cell at 20°.
    // Similarities cos 20° and cos 40°; weights exp(s / 0.1), normalised.
    float[] frame0 = at(0, 60);
    float[] frame1 = at(20, 20);
    float[] first = {0, 1, 1, 0};
    List<float[]> out = new LabelPropagation(new LabelPropagation.Settings(2, 0.1, 5, 1), LOOPS)
        .propagate(List.of(frame0, frame1), 1, 2, 2, first, 2);
    double a = Math.exp(Math.cos(Math.toRadians(20)) / 0.1);
    double b = Math.exp(Math.cos(Math.toRadians(40)) / 0.1);
    assertThat((double) out.get(1)[1]).isCloseTo(a / (a + b), within(1e-5));
    assertThat((double) out.get(1)[0]).isCloseTo(b / (a + b), within(1e-5));
  }

  @Test
  void tiesKeepTheEarlierCandidate() {
    // Both frame-0 cells are equally similar to the target; top-1 keeps the first (label 1).
    float[] frame0 = at(10, -10);
    float[] frame1 = at(0, 0);
    float[] first = {0, 1, 1, 0};
    List<float[]> out = new LabelPropagation(new LabelPropagation.Settings(1, 0.05, 5, 1), LOOPS)
        .propagate(List.of(frame0, frame1), 1, 2, 2, first, 2);
    assertThat(out.get(1)).containsExactly(0f, 1f, 0f, 1f);
  }

  @Test
  void theRadiusExcludesFarCandidates() {
    // 1 x 3: the target cell 0 matches cell 2 exactly, but cell 2 is 2 cells away; radius 1 leaves cells 0 and 1.
    float[] frame0 = at(90, 60, 0);
    float[] frame1 = at(0, 0, 0);
    float[] first = {1, 0, 1, 0, 0, 1};
    List<float[]> near = new LabelPropagation(new LabelPropagation.Settings(1, 0.05, 1, 1), LOOPS)
        .propagate(List.of(frame0, frame1), 1, 3, 2, first, 2);
    assertThat(near.get(1)[0]).isEqualTo(1f); // cell 1 (60°) is the best within reach: label 0
    List<float[]> far = new LabelPropagation(new LabelPropagation.Settings(1, 0.05, 2, 1), LOOPS)
        .propagate(List.of(frame0, frame1), 1, 3, 2, first, 2);
    assertThat(far.get(1)[1]).isEqualTo(1f); // cell 2 reachable: label 1
  }

  @Test
  void contextHoldsTheFirstFrameAndTheRecentOnes() {
    // Context 1: frame 3 sees frames 0 and 2 only. Frame 1 is the only one with the matching feature.
    float[] a = at(0);
    float[] b = at(90);
    List<float[]> out = new LabelPropagation(new LabelPropagation.Settings(1, 0.05, 0, 1), (t, q, c, m, ch) -> {
      float[] s = LOOPS.products(t, q, c, m, ch);
      assertThat(m).isLessThanOrEqualTo(2);
      return s;
    }).propagate(List.of(a, b, b, a), 1, 1, 2, new float[] {0, 1}, 2);
    assertThat(out.get(3)).containsExactly(0f, 1f);
  }

  @Test
  void rejectsMisshapenInput() {
    LabelPropagation p = new LabelPropagation(LabelPropagation.Settings.crw(), LOOPS);
    assertThatThrownBy(() -> p.propagate(List.of(new float[4]), 1, 2, 2, new float[3], 2))
        .hasMessageContaining("first-frame labels hold 3 values");
    assertThatThrownBy(() -> new LabelPropagation.Settings(0, 0.05, 12, 20)).hasMessageContaining("topk >= 1");
  }

  @Test
  void softLabelsAverageCellsAndSkipVoid() {
    // 4 x 2 map into 2 x 1 cells: left cell half object 1, right cell void and object 2.
    LabelMap m = new LabelMap(4, 2, new byte[] {1, 0, (byte) 255, 2, 1, 0, 2, 2});
    float[] soft = SoftLabels.fromLabels(m, 3, 1, 2);
    assertThat(soft).containsExactly(0.5f, 0.5f, 0f, 0f, 0f, 1f);
  }
}
