package org.constcl.tfmodel.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Linear warmup then cosine decay, as the reference's {@code LinearWarmup} over a cosine schedule
 * (method reference §6): {@code cosine(s) = base · ½(1 + cos(π · min(s, D) / D))}; for
 * {@code s < W} the rate is {@code (s / W) · cosine(W)}, afterwards {@code cosine(s)} — the cosine
 * runs on the global step, not offset by the warmup.
 *
 * @param base peak learning rate
 * @param warmupSteps W (0: no warmup)
 * @param decaySteps D
 */
public record LearningRateSchedule(float base, long warmupSteps, long decaySteps) {

  public LearningRateSchedule {
    if (base < 0 || warmupSteps < 0 || decaySteps < 1) {
      throw new IllegalArgumentException("need base >= 0, warmup >= 0 and decay steps >= 1");
    }
  }

  /** The rate at {@code step}, computed in Java (what the graph computes). */
  public double at(long step) {
    double cosine = cosine(step);
    return step < warmupSteps ? (double) step / warmupSteps * cosine(warmupSteps) : cosine;
  }

  private double cosine(long step) {
    return base * 0.5 * (1 + Math.cos(Math.PI * Math.min(step, decaySteps) / decaySteps));
  }

  /** The rate as a graph op of the (float) global step. */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> step) {
    Operand<TFloat32> cosine = cosine(tf, step);
    if (warmupSteps == 0) {
      return cosine;
    }
    Operand<TFloat32> warm = tf.math.mul(tf.math.div(step, tf.constant((float) warmupSteps)),
        cosine(tf, tf.constant((float) warmupSteps)));
    return tf.select(tf.math.less(step, tf.constant((float) warmupSteps)), warm, cosine);
  }

  private Operand<TFloat32> cosine(Ops tf, Operand<TFloat32> step) {
    Operand<TFloat32> progress = tf.math.div(tf.math.minimum(step, tf.constant((float) decaySteps)), tf.constant((float) decaySteps));
    Operand<TFloat32> cos = tf.math.cos(tf.math.mul(progress, tf.constant((float) Math.PI)));
    return tf.math.mul(tf.constant(base * 0.5f), tf.math.add(cos, tf.constant(1f)));
  }
}
