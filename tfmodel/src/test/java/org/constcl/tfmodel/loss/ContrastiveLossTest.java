package org.constcl.tfmodel.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.constcl.tfmodel.GraphRunner;
import org.junit.jupiter.api.Test;

/** The loss test vectors of the method reference (§4.1, §4.2). */
class ContrastiveLossTest {
  static final float[][] VIEW_A = {{1, 2, 3, 4}, {5, 6, 7, 8}, {4, 3, 2, 1}, {8, 7, 6, 5}};
  static final float[][] VIEW_B = {{1, 2, 3, 4}, {4, 3, 2, 1}, {5, 6, 7, 8}, {8, 7, 6, 5}};

  private static float[][] concat(float[][] a, float[][] b) {
    float[][] out = new float[a.length + b.length][];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void globalLossMatchesTheOfficialTestVector() {
    float loss = GraphRunner.run(tf -> GlobalContrastiveLoss.apply(tf, tf.constant(concat(VIEW_A, VIEW_B)), 0.1f).loss())[0];
    float accuracy = GraphRunner.run(tf -> GlobalContrastiveLoss.apply(tf, tf.constant(concat(VIEW_A, VIEW_B)), 0.1f).accuracy())[0];
    assertThat(loss).isCloseTo(4.136947f, within(2e-5f));
    assertThat(accuracy).isEqualTo(0.5f);
  }

  @Test
  void globalEntropyIsThatOfTheCrossViewSoftmax() {
    // Identical, orthogonal embeddings: each anchor's cross-view logits are [10, 0, 0] (τ 0.1).
    float[][] e = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    float entropy = GraphRunner.run(tf -> GlobalContrastiveLoss.apply(tf, tf.constant(concat(e, e)), 0.1f).entropy())[0];
    double p = Math.exp(10) / (Math.exp(10) + 2);
    double q = 1 / (Math.exp(10) + 2);
    assertThat((double) entropy).isCloseTo(-(p * Math.log(p) + 2 * q * Math.log(q)), within(1e-5));
  }

  static final float[][][] INST_A = {
    {{1, 2, 3, 4}, {5, 6, 7, 8}, {-1, -1, -1, -1}, {-1, -1, -1, -1}},
    {{-1, -1, -1, -1}, {-1, -1, -1, -1}, {4, 3, 2, 1}, {8, 7, 6, 5}},
    {{1, 2, 3, 4}, {5, 6, 7, 8}, {4, 3, 2, 1}, {8, 7, 6, 5}}};
  static final float[][][] INST_B = {
    {{1.5f, 2.5f, 3.5f, 4.5f}, {5.5f, 6.5f, 7.5f, 8.5f}, {-1, -1, -1, -1}, {-1, -1, -1, -1}},
    {{-1, -1, -1, -1}, {-1, -1, -1, -1}, {5.5f, 6.5f, 7.5f, 8.5f}, {8.5f, 7.5f, 6.5f, 5.5f}},
    {{1.5f, 2.5f, 3.5f, 4.5f}, {4.5f, 3.5f, 2.5f, 1.5f}, {5.5f, 6.5f, 7.5f, 8.5f}, {8.5f, 7.5f, 6.5f, 5.5f}}};
  static final float[][] MASKS = {{1, 1, 0, 0}, {0, 0, 1, 1}, {1, 1, 1, 1}};


  @Test
  void localLossMatchesTheDerivedTestVectors() {
    for (float[] tv : new float[][] {{0.1f, 1.669813f}, {0.2f, 1.666844f}}) {
      float loss = GraphRunner.run(tf -> InstanceContrastiveLoss.apply(tf,
          tf.constant(INST_B), tf.constant(INST_A), tf.constant(INST_A), tf.constant(INST_B),
          tf.constant(MASKS), tf.constant(MASKS), tv[0]))[0];
      assertThat(loss).as("tau %s", tv[0]).isCloseTo(tv[1], within(2e-5f));
    }
  }

  @Test
  void localLossIsZeroWhenNoQueryIsValid() {
    float[][] none = new float[3][4];
    float loss = GraphRunner.run(tf -> InstanceContrastiveLoss.apply(tf,
        tf.constant(INST_B), tf.constant(INST_A), tf.constant(INST_A), tf.constant(INST_B),
        tf.constant(none), tf.constant(none), 0.2f))[0];
    assertThat(loss).isZero();
  }
}
