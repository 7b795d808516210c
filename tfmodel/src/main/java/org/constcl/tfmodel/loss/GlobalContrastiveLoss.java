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
 * SimCLR-style NT-Xent between the two views of each clip (reference §4.1), on one replica (the
 * global batch is the local batch). Embeddings are L2-normalised; for anchor i of view a the
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
    long views = embeddings.shape().size(0);
    if (views < 2 || views % 2 != 0) {
      throw new IllegalArgumentException("embeddings need a static, even batch of two views per clip, got " + embeddings.shape());
    }
    int b = (int) (views / 2);
    Split<TFloat32> split = tf.split(tf.constant(0), InstanceReconstructor.l2Normalize(tf, embeddings), 2L);
    Operand<TFloat32> z1 = split.output().get(0);
    Operand<TFloat32> z2 = split.output().get(1);
    Operand<TFloat32> invT = tf.constant(1f / temperature);
    Operand<TFloat32> selfMask = tf.math.mul(tf.constant(eye(b)), tf.constant(LARGE));
    Operand<TFloat32> ab = tf.math.mul(similarity(tf, z1, z2), invT);
    Operand<TFloat32> aa = tf.math.sub(tf.math.mul(similarity(tf, z1, z1), invT), selfMask);
    Operand<TFloat32> ba = tf.math.mul(similarity(tf, z2, z1), invT);
    Operand<TFloat32> bb = tf.math.sub(tf.math.mul(similarity(tf, z2, z2), invT), selfMask);
    Operand<TFloat32> labels = tf.constant(positives(b));
    Operand<TFloat32> lossA = tf.nn.softmaxCrossEntropyWithLogits(tf.concat(List.of(ab, aa), tf.constant(1)), labels).loss();
    Operand<TFloat32> lossB = tf.nn.softmaxCrossEntropyWithLogits(tf.concat(List.of(ba, bb), tf.constant(1)), labels).loss();
    Operand<TFloat32> loss = tf.math.add(mean(tf, lossA), mean(tf, lossB));

    Operand<TInt64> predicted = tf.math.argMax(ab, tf.constant(1));
    Operand<TInt64> target = tf.range(tf.constant(0L), tf.constant((long) b), tf.constant(1L));
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

  private static float[][] eye(int n) {
    float[][] m = new float[n][n];
    for (int i = 0; i < n; i++) {
      m[i][i] = 1f;
    }
    return m;
  }

  /** One-hot labels over the 2B logits of an anchor: the positive is column i of the first block. */
  private static float[][] positives(int b) {
    float[][] m = new float[b][2 * b];
    for (int i = 0; i < b; i++) {
      m[i][i] = 1f;
    }
    return m;
  }
}
