package org.constcl.eval.propagate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * J and F against values computed with the official davis2017-evaluation semantics (a NumPy
 * re-implementation of {@code db_eval_iou}, {@code f_measure} and {@code seg2bmap}, disk by
 * x² + y² ≤ r²), and the edge cases the official code defines.
 */
class JfMeasureTest {
  private static boolean[] rect(int w, int h, int x0, int x1, int y0, int y1) {
    boolean[] m = new boolean[w * h];
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        m[y * w + x] = true;
      }
    }
    return m;
  }

  @Test
  void overlappingRectanglesMatchTheOfficialEvaluation() {
    boolean[] gt = rect(12, 10, 2, 7, 3, 8);
    boolean[] pred = rect(12, 10, 3, 9, 2, 7);
    assertThat(JfMeasure.jaccard(gt, pred)).isCloseTo(0.410256410256, within(1e-12));
    assertThat(JfMeasure.boundaryF(gt, pred, 12, 10)).isCloseTo(0.756676557864, within(1e-12));
    assertThat(JfMeasure.boundaryF(gt, pred, 12, 10, 3)).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void aLargerImageUsesARadiusOfTwoPixels() {
    boolean[] gt = rect(200, 150, 40, 120, 30, 100);
    boolean[] pred = rect(200, 150, 44, 126, 27, 98);
    assertThat(JfMeasure.jaccard(gt, pred)).isCloseTo(0.826351135273, within(1e-12));
    assertThat(JfMeasure.boundaryF(gt, pred, 200, 150)).isCloseTo(0.280456557186, within(1e-12));
  }

  @Test
  void aMaskThatLeavesTheFrameHasNoBoundaryAtTheImageEdge() {
    // Both masks run off the right and bottom edges; seg2bmap draws no boundary there.
    boolean[] gt = rect(12, 10, 8, 12, 6, 10);
    boolean[] pred = rect(12, 10, 7, 12, 6, 10);
    assertThat(JfMeasure.jaccard(gt, pred)).isCloseTo(0.8, within(1e-12));
    assertThat(JfMeasure.boundaryF(gt, pred, 12, 10)).isCloseTo(1.0, within(1e-12));
    boolean[] full = rect(4, 3, 0, 4, 0, 3);
    boolean[] none = new boolean[12];
    assertThat(JfMeasure.boundary(full, 4, 3)).containsOnly(false);
    // A full-frame object and an empty prediction: no boundary on either side, so F is 1 while J is 0.
    assertThat(JfMeasure.jaccard(full, none)).isZero();
    assertThat(JfMeasure.boundaryF(full, none, 4, 3)).isEqualTo(1.0);
  }

  @Test
  void perfectAndEmptyMasks() {
    boolean[] m = rect(12, 10, 2, 7, 3, 8);
    boolean[] empty = new boolean[120];
    assertThat(JfMeasure.jaccard(m, m)).isEqualTo(1.0);
    assertThat(JfMeasure.boundaryF(m, m, 12, 10)).isEqualTo(1.0);
    // Both empty: an object correctly predicted absent scores 1.
    assertThat(JfMeasure.jaccard(empty, empty)).isEqualTo(1.0);
    assertThat(JfMeasure.boundaryF(empty, empty, 12, 10)).isEqualTo(1.0);
    // Missed object: precision 1, recall 0; spurious object: precision 0, recall 1; F 0 either way.
    assertThat(JfMeasure.jaccard(m, empty)).isZero();
    assertThat(JfMeasure.boundaryF(m, empty, 12, 10)).isZero();
    assertThat(JfMeasure.boundaryF(empty, m, 12, 10)).isZero();
  }

  @Test
  void statisticsAreMeanRecallAndDecayOverFourBins() {
    // n = 8: bins start at round(linspace(1, 8, 5)) - 1 = 0, 2, 4, 5, 7; first bin v[0..2], last v[5..7].
    JfMeasure.Statistics s = JfMeasure.statistics(new double[] {1, 1, 1, 1, 0, 0, 0, 0});
    assertThat(s.mean()).isEqualTo(0.5);
    assertThat(s.recall()).isEqualTo(0.5);
    assertThat(s.decay()).isEqualTo(1.0);
    JfMeasure.Statistics withNan = JfMeasure.statistics(new double[] {0.9, Double.NaN, 0.3});
    assertThat(withNan.mean()).isCloseTo(0.6, within(1e-12));
  }
}
