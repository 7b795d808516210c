package org.constcl.tfmodel.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.op.random.TruncatedNormal;
import org.tensorflow.types.TFloat32;

/** Builds a variable's initial value in the graph's init scope, from a per-variable seed. */
@FunctionalInterface
public interface Initializer {
  /** The initial value of a variable of {@code shape}; random ops use {@code seed}. */
  Operand<TFloat32> init(Ops init, long[] shape, long seed);

  /** A constant fill. */
  public static Initializer constant(float value) {
    return (init, shape, seed) -> init.fill(init.constant(shape), init.constant(value));
  }

  /**
   * Keras {@code VarianceScaling()} defaults: truncated normal with variance 1 / fan_in, where
   * fan_in is the product of all dimensions but the last (the stddev is divided by 0.87962566,
   * the std of a unit normal truncated at two sigmas, as Keras does).
   */
  static Initializer varianceScalingFanIn() {
    return (init, shape, seed) -> {
      long fanIn = 1;
      for (int i = 0; i < shape.length - 1; i++) {
        fanIn *= shape[i];
      }
      float std = (float) (Math.sqrt(1.0 / fanIn) / 0.87962566103423978);
      return init.math.mul(
          init.random.truncatedNormal(init.constant(shape), TFloat32.class, TruncatedNormal.seed(seed).seed2(seed >>> 17)),
          init.constant(std));
    };
  }

  /** Keras {@code GlorotUniform}: uniform in ±sqrt(6 / (fan_in + fan_out)) for a [in, out] kernel. */
  public static Initializer glorotUniform() {
    return (init, shape, seed) -> {
      float limit = (float) Math.sqrt(6.0 / (shape[0] + shape[shape.length - 1]));
      Operand<TFloat32> u =
          init.random.randomUniform(init.constant(shape), TFloat32.class, RandomUniform.seed(seed).seed2(seed >>> 17));
      return init.math.sub(init.math.mul(u, init.constant(2 * limit)), init.constant(limit));
    };
  }
}
