package org.constcl.tfmodel.nn;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.nn.Conv3d;
import org.tensorflow.op.nn.Conv3dBackpropFilter;
import org.tensorflow.op.nn.Conv3dBackpropInput;
import org.tensorflow.types.family.TNumber;

/**
 * TensorFlow's C++ gradient registry has no gradient for Conv3D; this registers one (through TF
 * Java's custom gradient API) built from Conv3DBackpropInputV2 and Conv3DBackpropFilterV2 with
 * the forward op's strides, padding, data format and dilations. Registration is per process.
 */
public final class Conv3dGradient {
  private static boolean registered;

  private Conv3dGradient() {}

  /** Registers the gradient once; later calls do nothing. */
  public static synchronized void register() {
    if (registered) {
      return;
    }
    // Returns false when TensorFlow already has a C++ gradient for Conv3D; then there is nothing to add.
    TensorFlow.registerCustomGradient(
            Conv3d.Inputs.class,
            (tf, in, grads) -> {
              List<Long> strides = longs(in.strides);
              List<Long> dilations = longs(in.dilations);
              @SuppressWarnings("unchecked")
              Operand<TNumber> filter = (Operand<TNumber>) in.filter;
              @SuppressWarnings("unchecked")
              Operand<TNumber> input = (Operand<TNumber>) in.input;
              @SuppressWarnings("unchecked")
              Operand<TNumber> dy = (Operand<TNumber>) grads.get(0);
              Operand<?> dx =
                  tf.nn.conv3dBackpropInput(tf.shape(input), filter, dy, strides, in.padding,
                      Conv3dBackpropInput.dataFormat(in.dataFormat), Conv3dBackpropInput.dilations(dilations));
              Operand<?> dw =
                  tf.nn.conv3dBackpropFilter(input, tf.shape(filter), dy, strides, in.padding,
                      Conv3dBackpropFilter.dataFormat(in.dataFormat), Conv3dBackpropFilter.dilations(dilations));
              return List.of(dx, dw);
            });
    registered = true;
  }

  private static List<Long> longs(long[] values) {
    List<Long> l = new ArrayList<>(values.length);
    for (long v : values) {
      l.add(v);
    }
    return l;
  }
}
