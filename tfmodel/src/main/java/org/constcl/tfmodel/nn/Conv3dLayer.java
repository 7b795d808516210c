package org.constcl.tfmodel.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** A 3-D convolution without bias (NDHWC), Keras variance-scaling initialised. */
public final class Conv3dLayer {
  private final VariableStore vars;
  private final Variable<TFloat32> kernel;
  private final long[] shape;

  /**
   * @param name variable scope
   * @param kernelSize (t, h, w)
   */
  public Conv3dLayer(VariableStore vars, String name, int[] kernelSize, long inChannels, long outChannels) {
    this.vars = vars;
    this.shape = new long[] {kernelSize[0], kernelSize[1], kernelSize[2], inChannels, outChannels};
    this.kernel = vars.kernel(name + "/kernel", shape, Initializer.varianceScalingFanIn());
  }

  /**
   * Convolves {@code x} with strides (t, h, w) and {@code padding} "SAME" (TensorFlow semantics:
   * with stride 2 on even sizes the extra padding goes at the end) or "VALID".
   */
  public Operand<TFloat32> apply(Operand<TFloat32> x, int[] strides, String padding) {
    return vars.ops().nn.conv3d(x, kernel, List.of(1L, (long) strides[0], (long) strides[1], (long) strides[2], 1L), padding);
  }

  /** Multiply-accumulate operations of one application, from static shapes. */
  public long macs(long[] outputShape) {
    return VariableStore.elements(outputShape) * shape[0] * shape[1] * shape[2] * shape[3];
  }

  public long outChannels() {
    return shape[4];
  }
}
