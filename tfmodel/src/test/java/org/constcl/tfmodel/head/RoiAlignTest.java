package org.constcl.tfmodel.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.constcl.tfmodel.GraphRunner;
import org.junit.jupiter.api.Test;

/**
 * ROIAlign on a 7×7 map whose value is 10·y + x (channel 0) and 1 (channel 1). A bilinear sample of
 * a linear function is exact, so expected values follow from the sample positions alone, except
 * where the reference clamps (coordinates in [6, 7) read row or column 6).
 */
class RoiAlignTest {
  private static float[][][][] ramp() {
    float[][][][] f = new float[1][7][7][2];
    for (int y = 0; y < 7; y++) {
      for (int x = 0; x < 7; x++) {
        f[0][y][x][0] = 10 * y + x;
        f[0][y][x][1] = 1;
      }
    }
    return f;
  }

  private static float[] pool(float[] box) {
    return GraphRunner.run(tf -> RoiAlign.pool(tf, tf.constant(ramp()), tf.constant(new float[][][] {{box}}), 4, 0.5f));
  }

  @Test
  void interiorBoxSamplesCellCentresScaledBySeven() {
    // y: 7·[0.2, 0.4] = [1.4, 2.8] → samples 1.575, 1.925, 2.275, 2.625 (mean 2.1)
    // x: 7·[0.3, 0.6] = [2.1, 4.2] → samples 2.3625 … 3.9375 (mean 3.15)
    float[] v = pool(new float[] {0.2f, 0.3f, 0.4f, 0.6f});
    assertThat(v[0]).isCloseTo(10 * 2.1f + 3.15f, within(1e-4f));
    assertThat(v[1]).isCloseTo(1f, within(1e-6f));
  }

  @Test
  void samplesPastTheLastRowReadTheLastRow() {
    // Whole map: samples 0.875, 2.625, 4.375, 6.125; the last clamps to 6 (not 6.125).
    float[] whole = pool(new float[] {0f, 0f, 1f, 1f});
    float axis = (0.875f + 2.625f + 4.375f + 6f) / 4;
    assertThat(whole[0]).isCloseTo(10 * axis + axis, within(1e-4f));
    // Bottom-right box: [3.5, 7) → 3.9375, 4.8125, 5.6875, 6.5625 → 6.
    float[] corner = pool(new float[] {0.5f, 0.5f, 1f, 1f});
    float c = (3.9375f + 4.8125f + 5.6875f + 6f) / 4;
    assertThat(corner[0]).isCloseTo(10 * c + c, within(1e-4f));
  }

  @Test
  void cropsHoldOneBilinearSamplePerCell() {
    float[] crops = GraphRunner.run(tf -> RoiAlign.crops(tf, tf.constant(ramp()),
        tf.constant(new float[][][] {{{0f, 0f, 1f, 1f}}}), 4, 0.5f));
    // [1, 1, 4, 4, 2]: cell (0, 0) at (0.875, 0.875); cell (3, 1) at (6 clamped, 2.625).
    assertThat(crops[0]).isCloseTo(10 * 0.875f + 0.875f, within(1e-5f));
    assertThat(crops[(3 * 4 + 1) * 2]).isCloseTo(60f + 2.625f, within(1e-5f));
  }

  @Test
  void eachBoxReadsItsOwnBatchElement() {
    float[][][][] two = new float[2][7][7][2];
    two[0] = ramp()[0];
    for (int y = 0; y < 7; y++) {
      for (int x = 0; x < 7; x++) {
        two[1][y][x][0] = -1;
      }
    }
    float[] v = GraphRunner.run(tf -> RoiAlign.pool(tf, tf.constant(two),
        tf.constant(new float[][][] {{{0.2f, 0.3f, 0.4f, 0.6f}}, {{0.2f, 0.3f, 0.4f, 0.6f}}}), 4, 0.5f));
    assertThat(v[0]).isCloseTo(24.15f, within(1e-4f));
    assertThat(v[2]).isEqualTo(-1f);
  }
}
