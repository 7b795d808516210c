package org.constcl.tfmodel.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/** Activations and dropout. */
public final class Activations {
  private Activations() {}

  /** Exact GELU, {@code 0.5 x (1 + erf(x / sqrt 2))} (Keras {@code gelu} with approximate=False). */
  public static Operand<TFloat32> gelu(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> erf = tf.math.erf(tf.math.mul(x, tf.constant((float) (1 / Math.sqrt(2)))));
    return tf.math.mul(tf.math.mul(x, tf.constant(0.5f)), tf.math.add(erf, tf.constant(1f)));
  }

  /**
   * Inverted dropout: in training each element is kept with probability {@code 1 - rate} and
   * scaled by {@code 1 / (1 - rate)}; identity in inference or at rate 0. {@code seed} fixes the mask
   * sequence so seeded runs repeat.
   */
  public static Operand<TFloat32> dropout(Ops tf, Operand<TFloat32> x, float rate, Mode mode, long seed) {
    if (!mode.isTraining() || rate == 0f) {
      return x;
    }
    if (rate < 0f || rate >= 1f) {
      throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
    }
    Operand<TFloat32> u = tf.random.randomUniform(tf.shape(x), TFloat32.class, RandomUniform.seed(seed).seed2(seed >>> 17));
    Operand<TBool> keep = tf.math.greaterEqual(u, tf.constant(rate));
    return tf.select(keep, tf.math.div(x, tf.constant(1f - rate)), tf.zerosLike(x));
  }
}
