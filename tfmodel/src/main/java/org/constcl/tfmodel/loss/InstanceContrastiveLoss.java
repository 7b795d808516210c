package org.constcl.tfmodel.loss;

import java.util.List;
import org.constcl.tfmodel.head.InstanceReconstructor;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The local instance loss of ConST-CL (reference §4.2), on one replica or per replica with the
 * global batch's negatives. All inputs are
 * L2-normalised. Correspondence comes from features: the positive of view a's region j is view b's
 * region argmax_k ⟨a_j, b_k⟩ of the same clip (view b's region k: argmax_j, the same similarity
 * matrix column-wise). For a translated query x with positive y: ℓ = logsumexp([x·y, x·Y_other]/τ)
 * − x·y/τ, where Y_other is every region of every other clip (all regions of the query's own clip
 * are excluded, the positive included). A direction's loss is the mask-weighted mean of ℓ over
 * queries (0 when no query is valid); the local loss averages the two directions. Argmax only
 * picks indices: gradients flow into queries and targets.
 */
public final class InstanceContrastiveLoss {
  private static final float LARGE = 1e9f;

  private InstanceContrastiveLoss() {}

  /**
   * @param a2b view a's regions translated into view b, [B, N, C]
   * @param b2a view b's regions translated into view a
   * @param instA view a's region features (targets of b2a)
   * @param instB view b's region features (targets of a2b)
   * @param masksA validity of view a's queries, [B, N]
   * @param masksB validity of view b's queries
   */
  public static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> a2b, Operand<TFloat32> b2a,
      Operand<TFloat32> instA, Operand<TFloat32> instB, Operand<TFloat32> masksA, Operand<TFloat32> masksB,
      float temperature) {
    return applyReplicas(List.of(tf), List.of(new Replica(a2b, b2a, instA, instB, masksA, masksB)), temperature).get(0);
  }

  /** One replica's inputs, as {@link #apply} takes them. */
  public record Replica(Operand<TFloat32> a2b, Operand<TFloat32> b2a, Operand<TFloat32> instA,
      Operand<TFloat32> instB, Operand<TFloat32> masksA, Operand<TFloat32> masksB) {}

  /**
   * The local loss of every replica (reference §4.2): queries and their positives are the
   * replica's own; the negatives are every region of the global batch (targets of all replicas
   * concatenated in replica order, gradients reaching each), minus the query's own clip. Replica
   * r's ops are built with {@code ops.get(r)}.
   */
  public static List<Operand<TFloat32>> applyReplicas(List<Ops> ops, List<Replica> replicas, float temperature) {
    List<Operand<TFloat32>> a = new java.util.ArrayList<>();
    List<Operand<TFloat32>> b = new java.util.ArrayList<>();
    for (int r = 0; r < replicas.size(); r++) {
      a.add(InstanceReconstructor.l2Normalize(ops.get(r), replicas.get(r).instA()));
      b.add(InstanceReconstructor.l2Normalize(ops.get(r), replicas.get(r).instB()));
    }
    Operand<TFloat32> allA = GlobalContrastiveLoss.gather(ops.get(0), a);
    Operand<TFloat32> allB = GlobalContrastiveLoss.gather(ops.get(0), b);
    List<Operand<TFloat32>> losses = new java.util.ArrayList<>();
    long offset = 0;
    for (int r = 0; r < replicas.size(); r++) {
      Ops tf = ops.get(r);
      Replica in = replicas.get(r);
      Operand<TFloat32> similarity = tf.linalg.einsum(List.of(a.get(r), b.get(r)), "bjc,bkc->bjk");
      Operand<TInt32> bestInB = tf.math.argMax(similarity, tf.constant(2), TInt32.class); // [B, N] per j
      Operand<TInt32> bestInA = tf.math.argMax(similarity, tf.constant(1), TInt32.class); // [B, N] per k
      Operand<TFloat32> lossAb = direction(tf, InstanceReconstructor.l2Normalize(tf, in.a2b()), b.get(r), allB, offset,
          bestInB, in.masksA(), temperature).loss();
      Operand<TFloat32> lossBa = direction(tf, InstanceReconstructor.l2Normalize(tf, in.b2a()), a.get(r), allA, offset,
          bestInA, in.masksB(), temperature).loss();
      losses.add(tf.math.mul(tf.math.add(lossAb, lossBa), tf.constant(0.5f)));
      offset += in.a2b().shape().size(0);
    }
    return losses;
  }

  /** The loss and its top-1 accuracy. */
  public record Evaluation(Operand<TFloat32> loss, Operand<TFloat32> accuracy) {}

  /**
   * The loss as {@link #apply} computes it, and its accuracy: the mask-weighted fraction of
   * queries whose positive outscores every negative, averaged over the two directions.
   */
  public static Evaluation evaluate(Ops tf, Operand<TFloat32> a2b, Operand<TFloat32> b2a,
      Operand<TFloat32> instA, Operand<TFloat32> instB, Operand<TFloat32> masksA, Operand<TFloat32> masksB,
      float temperature) {
    Operand<TFloat32> a = InstanceReconstructor.l2Normalize(tf, instA);
    Operand<TFloat32> b = InstanceReconstructor.l2Normalize(tf, instB);
    Operand<TFloat32> similarity = tf.linalg.einsum(List.of(a, b), "bjc,bkc->bjk");
    Operand<TInt32> bestInB = tf.math.argMax(similarity, tf.constant(2), TInt32.class);
    Operand<TInt32> bestInA = tf.math.argMax(similarity, tf.constant(1), TInt32.class);
    Direction ab = direction(tf, InstanceReconstructor.l2Normalize(tf, a2b), b, b, 0, bestInB, masksA, temperature);
    Direction ba = direction(tf, InstanceReconstructor.l2Normalize(tf, b2a), a, a, 0, bestInA, masksB, temperature);
    Operand<TFloat32> half = tf.constant(0.5f);
    return new Evaluation(tf.math.mul(tf.math.add(ab.loss(), ba.loss()), half),
        tf.math.mul(tf.math.add(ab.accuracy(), ba.accuracy()), half));
  }

  /** One direction's loss and accuracy. */
  private record Direction(Operand<TFloat32> loss, Operand<TFloat32> accuracy) {}

  /**
   * @param targets the replica's own targets (positives)
   * @param allTargets the global batch's targets (negatives), in which this replica's clips start at {@code offset}
   */
  private static Direction direction(Ops tf, Operand<TFloat32> queries, Operand<TFloat32> targets,
      Operand<TFloat32> allTargets, long offset, Operand<TInt32> positiveIndex, Operand<TFloat32> masks, float temperature) {
    long clips = queries.shape().size(0);
    long global = allTargets.shape().size(0);
    long regions = queries.shape().size(1);
    Operand<TFloat32> invT = tf.constant(1f / temperature);
    // Positive logits: x_j · y_{k*(j)} of the same clip.
    Operand<TInt32> clipIndex = tf.broadcastTo(
        tf.reshape(tf.range(tf.constant(0), tf.constant((int) clips), tf.constant(1)), tf.constant(new int[] {-1, 1})),
        tf.constant(new long[] {clips, regions}));
    Operand<TInt32> index = tf.stack(List.of(clipIndex, positiveIndex), org.tensorflow.op.core.Stack.axis(-1L));
    Operand<TFloat32> positives = tf.gatherNd(targets, index); // [B, N, C]
    Operand<TFloat32> positive = tf.math.mul(tf.sum(tf.math.mul(queries, positives), tf.constant(-1)), invT); // [B, N]
    // Negatives: every region of every clip, those of the query's own clip pushed to -1e9.
    Operand<TFloat32> all = tf.math.mul(tf.linalg.einsum(List.of(queries, allTargets), "bjc,gqc->bjgq"), invT);
    float[][][][] sameClip = new float[(int) clips][1][(int) global][1];
    for (int i = 0; i < clips; i++) {
      sameClip[i][0][(int) offset + i][0] = LARGE;
    }
    Operand<TFloat32> negatives =
        tf.reshape(tf.math.sub(all, tf.constant(sameClip)), tf.constant(new long[] {clips, regions, global * regions}));
    Operand<TFloat32> logits = tf.concat(List.of(tf.expandDims(positive, tf.constant(-1)), negatives), tf.constant(-1));
    Operand<TFloat32> perQuery = tf.math.sub(logSumExp(tf, logits), positive); // [B, N]
    Operand<TFloat32> weighted = tf.sum(tf.math.mul(perQuery, masks), tf.constant(new int[] {0, 1}));
    Operand<TFloat32> validCount = tf.sum(masks, tf.constant(new int[] {0, 1}));
    Operand<TFloat32> loss = tf.math.divNoNan(weighted, validCount);
    // Top-1: the positive (column 0) holds the largest logit; ties count against it.
    Operand<TFloat32> bestNegative = tf.max(negatives, tf.constant(-1));
    Operand<TFloat32> correct = tf.dtypes.cast(tf.math.greater(positive, bestNegative), TFloat32.class);
    Operand<TFloat32> accuracy = tf.math.divNoNan(tf.sum(tf.math.mul(correct, masks), tf.constant(new int[] {0, 1})), validCount);
    return new Direction(loss, accuracy);
  }

  private static Operand<TFloat32> logSumExp(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> max = tf.stopGradient(tf.max(x, tf.constant(-1), Max.keepDims(true)));
    Operand<TFloat32> sum = tf.sum(tf.math.exp(tf.math.sub(x, max)), tf.constant(-1), Sum.keepDims(true));
    return tf.squeeze(tf.math.add(tf.math.log(sum), max), org.tensorflow.op.core.Squeeze.axis(List.of(-1L)));
  }

}
