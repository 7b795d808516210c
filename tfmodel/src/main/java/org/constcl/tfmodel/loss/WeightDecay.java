package org.constcl.tfmodel.loss;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Explicit L2 weight decay (reference §4.3): {@code coefficient · Σ ½‖W‖²} over kernels only
 * (conv and dense weights), not biases, batch-norm or layer-norm parameters.
 */
public final class WeightDecay {
  private WeightDecay() {}

  public static Operand<TFloat32> apply(Ops tf, List<Variable<TFloat32>> kernels, float coefficient) {
    List<Operand<TFloat32>> terms = new ArrayList<>();
    for (Variable<TFloat32> k : kernels) {
      terms.add(tf.nn.l2Loss(k));
    }
    Operand<TFloat32> total = terms.isEmpty() ? tf.constant(0f) : tf.math.addN(terms);
    return tf.math.mul(total, tf.constant(coefficient));
  }
}
