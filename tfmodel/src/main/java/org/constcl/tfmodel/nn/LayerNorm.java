package org.constcl.tfmodel.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/** Layer normalisation over the last axis with learned scale and offset. */
public final class LayerNorm {
  private final VariableStore vars;
  private final Variable<TFloat32> gamma;
  private final Variable<TFloat32> beta;
  private final float epsilon;

  public LayerNorm(VariableStore vars, String name, long channels, float epsilon) {
    this.vars = vars;
    this.epsilon = epsilon;
    this.gamma = vars.parameter(name + "/gamma", new long[] {channels}, Initializer.constant(1f));
    this.beta = vars.parameter(name + "/beta", new long[] {channels}, Initializer.constant(0f));
  }

  public Operand<TFloat32> apply(Operand<TFloat32> x) {
    Ops tf = vars.ops();
    Operand<org.tensorflow.types.TInt32> last = tf.constant(-1);
    Operand<TFloat32> mean = tf.math.mean(x, last, Mean.keepDims(true));
    Operand<TFloat32> variance = tf.math.mean(tf.math.squaredDifference(x, mean), last, Mean.keepDims(true));
    Operand<TFloat32> normed = tf.math.mul(tf.math.sub(x, mean), tf.math.rsqrt(tf.math.add(variance, tf.constant(epsilon))));
    return tf.math.add(tf.math.mul(normed, gamma), beta);
  }
}
