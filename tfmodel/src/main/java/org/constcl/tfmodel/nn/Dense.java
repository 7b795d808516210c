package org.constcl.tfmodel.nn;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** A dense layer over the last axis of a tensor of any rank, Glorot-uniform kernel, zero bias. */
public final class Dense {
  private final VariableStore vars;
  private final Variable<TFloat32> kernel;
  private final Variable<TFloat32> bias;
  private final long in;
  private final long out;

  public Dense(VariableStore vars, String name, long in, long out, boolean useBias) {
    this.vars = vars;
    this.in = in;
    this.out = out;
    this.kernel = vars.kernel(name + "/kernel", new long[] {in, out}, Initializer.glorotUniform());
    this.bias = useBias ? vars.parameter(name + "/bias", new long[] {out}, Initializer.constant(0f)) : null;
  }

  /** {@code x · kernel + bias} for {@code x} of shape [..., in]. */
  public Operand<TFloat32> apply(Operand<TFloat32> x) {
    Ops tf = vars.ops();
    Shape shape = x.shape();
    if (shape.size(-1) != in) {
      throw new IllegalArgumentException("dense layer expects " + in + " input features, got shape " + shape);
    }
    int rank = shape.numDimensions();
    Operand<TFloat32> flat = rank == 2 ? x : tf.reshape(x, tf.constant(new long[] {-1, in}));
    Operand<TFloat32> y = vars.precision().matMul(tf, flat, kernel);
    if (bias != null) {
      y = tf.nn.biasAdd(y, bias);
    }
    if (rank == 2) {
      return y;
    }
    long[] dims = shape.asArray();
    dims[0] = -1; // the batch may be dynamic
    dims[rank - 1] = out;
    return tf.reshape(y, tf.constant(dims));
  }
}
