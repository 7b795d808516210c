package org.constcl.tfmodel.backbone;

import org.constcl.tfmodel.nn.Conv3dLayer;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Adds up the multiply-accumulates of the convolutions in a graph path, from static shapes. */
public final class ConvCost {
  private long macs;

  /** Records {@code conv}'s cost for producing {@code output}; returns {@code output}. */
  Operand<TFloat32> add(Conv3dLayer conv, Operand<TFloat32> output) {
    long[] shape = output.shape().asArray();
    if (shape[0] < 0) {
      shape[0] = 1; // dynamic batch: cost per example
    }
    macs += conv.macs(shape);
    return output;
  }

  /** Multiply-accumulates so far. */
  public long macs() {
    return macs;
  }

  /** Floating-point operations of a forward pass (2 per multiply-accumulate). */
  public long forwardFlops() {
    return 2 * macs;
  }
}
