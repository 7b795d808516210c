package org.constcl.tfmodel.loss;

import java.util.List;
import org.constcl.tfmodel.head.InstanceReconstructor;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Split;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * SimCLR-style NT-Xent between the two views of each clip (reference §4.1), on one replica or
 * per replica with negatives from the global batch. Embeddings are L2-normalised; for anchor i of view a the
 * logits are [z1_i·z2ᵀ, z1_i·z1ᵀ with the self term minus 1e9] / τ and the positive is z2_i; the
 * same from view b. Loss = mean over view-a anchors + mean over view-b anchors (a sum of the two
 * directions). Accuracy: view-a anchors whose top z2 logit is the positive. Entropy: mean entropy
 * of softmax(z1·z2ᵀ / τ).
 */
public final class GlobalContrastiveLoss {
  private static final float LARGE = 1e9f;

  private GlobalContrastiveLoss() {}

  /** The loss and its metrics. */
  public record Result(Operand<TFloat32> loss, Operand<TFloat32> accuracy, Operand<TFloat32> entropy) {}

  /** @param embeddings [2B, D]: view a of every clip, then view b in the same order (static 2B) */
  public static Result apply(Ops tf, Operand<TFloat32> embeddings, float temperature) {
    return applyReplicas(List.of(tf), List.of(embeddings), temperature).get(0);
  }

  /**
   * The loss of every replica (reference §4.1): replica r's anchors are its own clips, its
   * negatives the global batch (the replicas' embeddings concatenated in replica order, which is
   * what a cross-replica gather gives, with gradients reaching the replica that produced each
   * negative). Replica r's ops are built with {@code ops.get(r)} (its device).
   *
   * @param embeddings per replica [2b, D]: view a of its clips, then view b (static, equal b)
   */
  public static List<Result> applyReplicas(List<Ops> ops, List<Operand<TFloat32>> embeddings, float temperature) {
    int replicas = embeddings.size();
    List<Operand<TFloat32>> z1 = new java.util.ArrayList<>();
    List<Operand<TFloat32>> z2 = new java.util.ArrayList<>();
    int b = -1;
    for (int r = 0; r < replicas; r++) {
      Ops tf = ops.get(r);
      Operand<TFloat32> e = embeddings.get(r);
      long views = e.shape().size(0);
      if (views < 2 || views % 2 != 0 || (b >= 0 && views / 2 != b)) {
        throw new IllegalArgumentException("embeddings need a static, even batch of two views per clip, equal on every replica, got "
            + e.shape());
      }
      b = (int) (views / 2);
      Split<TFloat32> split = tf.split(tf.constant(0), InstanceReconstructor.l2Normalize(tf, e), 2L);
      z1.add(split.output().get(0));
      z2.add(split.output().get(1));
    }
    Operand<TFloat32> all1 = gather(ops.get(0), z1);
    Operand<TFloat32> all2 = gather(ops.get(0), z2);
    List<Result> results = new java.util.ArrayList<>();
    for (int r = 0; r < replicas; r++) {
      results.add(replica(ops.get(r), z1.get(r), z2.get(r), all1, all2, r * b, replicas * b, temperature));
    }
    return results;
  }

  /** The replicas' rows concatenated (one replica: its own tensor, no op). */
  static Operand<TFloat32> gather(Ops tf, List<Operand<TFloat32>> parts) {
    return parts.size() == 1 ? parts.get(0) : tf.concat(parts, tf.constant(0));
  }

  private static Result replica(Ops tf, Operand<TFloat32> z1, Operand<TFloat32> z2, Operand<TFloat32> all1,
      Operand<TFloat32> all2, int offset, int global, float temperature) {
    int b = (int) z1.shape().size(0);
    Operand<TFloat32> invT = tf.constant(1f / temperature);
    Operand<TFloat32> selfMask = tf.math.mul(tf.constant(eye(b, global, offset)), tf.constant(LARGE));
    Operand<TFloat32> ab = tf.math.mul(similarity(tf, z1, all2), invT);
    Operand<TFloat32> aa = tf.math.sub(tf.math.mul(similarity(tf, z1, all1), invT), selfMask);
    Operand<TFloat32> ba = tf.math.mul(similarity(tf, z2, all1), invT);
    Operand<TFloat32> bb = tf.math.sub(tf.math.mul(similarity(tf, z2, all2), invT), selfMask);
    Operand<TFloat32> labels = tf.constant(positives(b, global, offset));
    Operand<TFloat32> lossA = tf.nn.softmaxCrossEntropyWithLogits(tf.concat(List.of(ab, aa), tf.constant(1)), labels).loss();
    Operand<TFloat32> lossB = tf.nn.softmaxCrossEntropyWithLogits(tf.concat(List.of(ba, bb), tf.constant(1)), labels).loss();
    Operand<TFloat32> loss = tf.math.add(mean(tf, lossA), mean(tf, lossB));

    Operand<TInt64> predicted = tf.math.argMax(ab, tf.constant(1));
    Operand<TInt64> target = tf.range(tf.constant((long) offset), tf.constant((long) offset + b), tf.constant(1L));
    Operand<TFloat32> accuracy = mean(tf, tf.dtypes.cast(tf.math.equal(predicted, target), TFloat32.class));
    Operand<TFloat32> logProb = tf.nn.logSoftmax(ab);
    Operand<TFloat32> entropy =
        tf.math.neg(mean(tf, tf.sum(tf.math.mul(tf.math.exp(logProb), logProb), tf.constant(1))));
    return new Result(loss, accuracy, entropy);
  }

  private static Operand<TFloat32> similarity(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
    return tf.linalg.matMul(a, b, MatMul.transposeB(true));
  }

  static Operand<TFloat32> mean(Ops tf, Operand<TFloat32> x) {
    int rank = x.shape().numDimensions();
    int[] axes = new int[rank];
    for (int i = 0; i < rank; i++) {
      axes[i] = i;
    }
    return tf.math.mean(x, tf.constant(axes));
  }

  /** [b, global]: 1 where local row i meets its own global column offset + i. */
  private static float[][] eye(int b, int global, int offset) {
    float[][] m = new float[b][global];
    for (int i = 0; i < b; i++) {
      m[i][offset + i] = 1f;
    }
    return m;
  }

  /** One-hot labels over the 2G logits of an anchor: the positive is column offset + i of the first block. */
  private static float[][] positives(int b, int global, int offset) {
    float[][] m = new float[b][2 * global];
    for (int i = 0; i < b; i++) {
      m[i][offset + i] = 1f;
    }
    return m;
  }
}
