package org.constcl.tfmodel.nn;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Batch normalisation over the last axis with FusedBatchNormV3 (5-D NDHWC, or 2-D inputs viewed
 * as NHWC). Training normalises with batch statistics and updates the moving averages with Keras
 * semantics ({@code moving = momentum * moving + (1 - momentum) * batch}); inference uses the moving
 * statistics. Scale starts at 1, offset at 0.
 */
public final class BatchNorm {
  private final VariableStore vars;
  private final Variable<TFloat32> gamma;
  private final Variable<TFloat32> beta;
  private final Variable<TFloat32> movingMean;
  private final Variable<TFloat32> movingVariance;
  private final float momentum;
  private final float epsilon;

  public BatchNorm(VariableStore vars, String name, long channels, float momentum, float epsilon) {
    this.vars = vars;
    this.momentum = momentum;
    this.epsilon = epsilon;
    long[] shape = {channels};
    this.gamma = vars.parameter(name + "/gamma", shape, Initializer.constant(1f));
    this.beta = vars.parameter(name + "/beta", shape, Initializer.constant(0f));
    this.movingMean = vars.state(name + "/moving_mean", shape, Initializer.constant(0f));
    this.movingVariance = vars.state(name + "/moving_variance", shape, Initializer.constant(1f));
  }

  /** Normalises {@code x} ([N, T, H, W, C] or [N, C]). */
  public Operand<TFloat32> apply(Operand<TFloat32> x, Mode mode) {
    TowerGroup.Member tower = mode.isTraining() ? mode.replicated() : null;
    if (tower != null) {
      return mode.syncBatchNorm() ? applySynchronised(x, mode, tower) : applyPerTower(x, mode, tower);
    }
    Ops tf = vars.ops();
    Shape shape = x.shape();
    boolean flat = shape.numDimensions() == 2;
    // Statistics are over every axis but the last, so [N, T, H, W, C] can be normalised as its
    // [N·T, H, W, C] view, which TensorFlow runs with oneDNN (5-D inputs fall back to Eigen).
    long[] view = flat ? new long[] {-1, 1, 1, shape.size(1)} : new long[] {-1, shape.size(2), shape.size(3), shape.size(4)};
    Operand<TFloat32> in = tf.reshape(x, tf.constant(view));
    String format = "NHWC";
    FusedBatchNorm<TFloat32, TFloat32> bn;
    if (mode.isTraining()) {
      // With an averaging factor the op returns the updated moving statistics as batchMean/batchVariance.
      bn = tf.nn.fusedBatchNorm(in, gamma, beta, movingMean, movingVariance,
          FusedBatchNorm.isTraining(true), FusedBatchNorm.epsilon(epsilon), FusedBatchNorm.dataFormat(format),
          FusedBatchNorm.exponentialAvgFactor(1f - momentum));
      mode.addUpdate(tf.assign(movingMean, bn.batchMean()));
      mode.addUpdate(tf.assign(movingVariance, bn.batchVariance()));
    } else {
      bn = tf.nn.fusedBatchNorm(in, gamma, beta, movingMean, movingVariance,
          FusedBatchNorm.isTraining(false), FusedBatchNorm.epsilon(epsilon), FusedBatchNorm.dataFormat(format));
    }
    long[] back = shape.asArray();
    back[0] = -1; // the batch may be dynamic
    return tf.reshape(bn.y(), tf.constant(back));
  }

  /** One tower's per-channel sum and the number of values in it. */
  private record Sums(Operand<TFloat32> sum, long count) {}

  /**
   * Synchronised batch norm (reference §6: backbone and global MLP): every tower normalises with
   * the mean and variance of the global batch, from per-channel sums over the towers (what an
   * all-reduce of them gives across devices; gradients flow back to every tower through them).
   * Two passes, the mean then the sum of squared deviations from it, as FusedBatchNorm computes
   * (one pass, E[x²] − E[x]², lost three digits in the stem's gradients). The moving averages are
   * updated once, like FusedBatchNorm's: with the global variance scaled by n / (n − 1).
   */
  private Operand<TFloat32> applySynchronised(Operand<TFloat32> x, Mode mode, TowerGroup.Member tower) {
    Ops tf = vars.ops();
    long channels = x.shape().size(x.shape().numDimensions() - 1);
    long count = x.shape().size() / channels;
    if (count <= 0) {
      throw new IllegalArgumentException("synchronised batch norm needs static shapes, got " + x.shape());
    }
    Operand<TFloat32> flat = tf.reshape(x, tf.constant(new long[] {-1, channels}));
    Operand<TInt32> rows = tf.constant(new int[] {0});
    Operand<TFloat32> mean = tower.exchange(new Sums(tf.sum(flat, rows), count), all -> globalMean(all));
    Operand<TFloat32> centred = tf.math.sub(flat, mean);
    Operand<TFloat32> variance = tower.exchange(new Sums(tf.sum(tf.math.square(centred), rows), count), all -> {
      Operand<TFloat32> v = globalMean(all);
      Ops shared = vars.ops();
      long n = all.stream().mapToLong(Sums::count).sum();
      Operand<TFloat32> unbiased = shared.math.mul(v, shared.constant((float) n / Math.max(1, n - 1)));
      mode.addUpdate(shared.assign(movingMean, average(shared, movingMean, mean)));
      mode.addUpdate(shared.assign(movingVariance, average(shared, movingVariance, unbiased)));
      return v;
    });
    Operand<TFloat32> scale = tf.math.mul(tf.math.rsqrt(tf.math.add(variance, tf.constant(epsilon))), gamma);
    Operand<TFloat32> y = tf.math.add(tf.math.mul(centred, scale), beta);
    long[] back = x.shape().asArray();
    back[0] = -1;
    return tf.reshape(y, tf.constant(back));
  }

  /** Σ over towers of their sums / Σ of their counts. */
  private Operand<TFloat32> globalMean(java.util.List<Sums> all) {
    Ops shared = vars.ops();
    long n = all.stream().mapToLong(Sums::count).sum();
    return shared.math.mul(shared.math.addN(all.stream().map(Sums::sum).toList()), shared.constant(1f / n));
  }

  /**
   * Batch norm with each tower's own statistics (sync off); the moving averages move towards the
   * mean over towers of their batch statistics, as a mean-aggregated variable update does.
   */
  private Operand<TFloat32> applyPerTower(Operand<TFloat32> x, Mode mode, TowerGroup.Member tower) {
    Ops tf = vars.ops();
    Shape shape = x.shape();
    boolean flat = shape.numDimensions() == 2;
    long[] view = flat ? new long[] {-1, 1, 1, shape.size(1)} : new long[] {-1, shape.size(2), shape.size(3), shape.size(4)};
    FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(tf.reshape(x, tf.constant(view)), gamma, beta,
        movingMean, movingVariance, FusedBatchNorm.isTraining(true), FusedBatchNorm.epsilon(epsilon),
        FusedBatchNorm.dataFormat("NHWC"), FusedBatchNorm.exponentialAvgFactor(1f - momentum));
    tower.exchange(bn, all -> {
      Ops shared = vars.ops();
      Operand<TFloat32> inverseTowers = shared.constant(1f / all.size());
      Operand<TFloat32> mean = shared.math.mul(shared.math.addN(all.stream().<Operand<TFloat32>>map(FusedBatchNorm::batchMean).toList()), inverseTowers);
      Operand<TFloat32> variance =
          shared.math.mul(shared.math.addN(all.stream().<Operand<TFloat32>>map(FusedBatchNorm::batchVariance).toList()), inverseTowers);
      mode.addUpdate(shared.assign(movingMean, mean));
      mode.addUpdate(shared.assign(movingVariance, variance));
      return null;
    });
    long[] back = shape.asArray();
    back[0] = -1;
    return tf.reshape(bn.y(), tf.constant(back));
  }

  private Operand<TFloat32> average(Ops tf, Operand<TFloat32> moving, Operand<TFloat32> batch) {
    return tf.math.add(tf.math.mul(moving, tf.constant(momentum)), tf.math.mul(batch, tf.constant(1f - momentum)));
  }

  /** The moving mean variable (for tests and inspection). */
  public Variable<TFloat32> movingMean() {
    return movingMean;
  }
}
