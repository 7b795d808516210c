package org.constcl.tfmodel.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.constcl.tfmodel.GraphRunner;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The losses per replica with global-batch negatives (reference §4.1, §4.2, §4.4). */
class ReplicatedLossTest {
  private static final float[][] A = ContrastiveLossTest.VIEW_A;
  private static final float[][] B = ContrastiveLossTest.VIEW_B;

  /** Replica r's embeddings: view a of clips r·per …, then view b of the same clips. */
  private static float[][] replica(int r, int per) {
    float[][] out = new float[2 * per][];
    for (int i = 0; i < per; i++) {
      out[i] = A[r * per + i];
      out[per + i] = B[r * per + i];
    }
    return out;
  }

  private static List<GlobalContrastiveLoss.Result> global(Ops tf, List<Operand<TFloat32>> embeddings) {
    List<Ops> ops = new ArrayList<>();
    embeddings.forEach(e -> ops.add(tf));
    return GlobalContrastiveLoss.applyReplicas(ops, embeddings, 0.1f);
  }

  @Test
  void theGlobalTestVectorSplitOverTwoReplicasAveragesToTheSameLoss() {
    float[] losses = GraphRunner.run(tf -> tf.stack(global(tf, List.of(tf.constant(replica(0, 2)), tf.constant(replica(1, 2))))
        .stream().map(GlobalContrastiveLoss.Result::loss).toList()));
    float[] accuracies = GraphRunner.run(tf -> tf.stack(global(tf, List.of(tf.constant(replica(0, 2)), tf.constant(replica(1, 2))))
        .stream().map(GlobalContrastiveLoss.Result::accuracy).toList()));
    assertThat((losses[0] + losses[1]) / 2).isCloseTo(4.136947f, within(2e-5f));
    assertThat((accuracies[0] + accuracies[1]) / 2).isEqualTo(0.5f);
    assertThat(losses[0]).isNotCloseTo(losses[1], within(1e-3f)); // each replica's own anchors
  }

  @Test
  void theLocalTestVectorSplitOverThreeReplicasWeighsBackToTheSameLoss() {
    float[][][] masks = {{ContrastiveLossTest.MASKS[0]}, {ContrastiveLossTest.MASKS[1]}, {ContrastiveLossTest.MASKS[2]}};
    float[] losses = GraphRunner.run(tf -> {
      List<Ops> ops = List.of(tf, tf, tf);
      List<InstanceContrastiveLoss.Replica> replicas = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        Operand<TFloat32> a = tf.constant(new float[][][] {ContrastiveLossTest.INST_A[r]});
        Operand<TFloat32> b = tf.constant(new float[][][] {ContrastiveLossTest.INST_B[r]});
        Operand<TFloat32> m = tf.constant(masks[r]);
        replicas.add(new InstanceContrastiveLoss.Replica(b, a, a, b, m, m));
      }
      return tf.stack(InstanceContrastiveLoss.applyReplicas(ops, replicas, 0.2f));
    });
    // Each replica averages over its own valid queries (2, 2 and 4 of them): weighted by those
    // counts, the replicas give the single-device loss.
    float weighted = (2 * losses[0] + 2 * losses[1] + 4 * losses[2]) / 8;
    assertThat(weighted).isCloseTo(1.666844f, within(2e-5f));
  }

  /**
   * The gather carries gradients back: replica 0's loss depends on replica 1's embeddings only as
   * negatives, and its analytic gradient with respect to them matches central differences.
   */
  @Test
  void aNegativesGradientReachesTheReplicaThatProducedIt() {
    float[][] mine = replica(0, 2);
    float[][] theirs = replica(1, 2);
    float[] analytic;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> other = tf.constant(theirs);
      Operand<TFloat32> loss = global(tf, List.of(tf.constant(mine), other)).get(0).loss();
      Output<?> gradient = g.addGradients(loss.asOutput(), new Output<?>[] {other.asOutput()})[0];
      try (Result r = s.runner().fetch(gradient).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        analytic = new float[(int) t.shape().size()];
        t.asRawTensor().data().asFloats().read(analytic);
      }
    }
    double h = 1e-2;
    double largest = 0;
    for (int row = 0; row < theirs.length; row++) {
      for (int col = 0; col < theirs[0].length; col++) {
        double numeric = (lossOfReplicaZero(mine, theirs, row, col, h) - lossOfReplicaZero(mine, theirs, row, col, -h)) / (2 * h);
        assertThat((double) analytic[row * theirs[0].length + col]).as("d loss_0 / d e_1[%d][%d]", row, col)
            .isCloseTo(numeric, within(2e-3));
        largest = Math.max(largest, Math.abs(numeric));
      }
    }
    assertThat(largest).as("replica 1's embeddings matter to replica 0's loss").isGreaterThan(0.01);
  }

  private static double lossOfReplicaZero(float[][] mine, float[][] theirs, int row, int col, double delta) {
    float[][] moved = Arrays.stream(theirs).map(float[]::clone).toArray(float[][]::new);
    moved[row][col] += (float) delta;
    return GraphRunner.run(tf -> global(tf, List.of(tf.constant(mine), tf.constant(moved))).get(0).loss())[0];
  }
}
