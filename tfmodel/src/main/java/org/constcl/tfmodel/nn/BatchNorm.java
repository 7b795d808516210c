package org.constcl.tfmodel.nn;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

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

  /** The moving mean variable (for tests and inspection). */
  public Variable<TFloat32> movingMean() {
    return movingMean;
  }
}
