package org.constcl.tfmodel.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.Conv3d;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;

/**
 * The number format of a model's matrix products and convolutions, where its FLOPs are. With
 * {@link #BFLOAT16} each product casts its float32 operands (activations and the float32 master
 * weights) to bfloat16, runs in bfloat16 and casts the result back to float32; batch norm, layer
 * norm, softmax, the losses and every output stay float32, and gradients reach the float32
 * weights through the casts. (The reference's Keras mixed-bfloat16 policy also keeps the
 * activations between layers in bfloat16, halving their memory; here they stay float32.)
 */
public enum Precision {
  FLOAT32,
  BFLOAT16;

  /** {@code a · b}. */
  public Operand<TFloat32> matMul(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
    if (this == FLOAT32) {
      return tf.linalg.matMul(a, b);
    }
    return tf.dtypes.cast(tf.linalg.matMul(low(tf, a), low(tf, b)), TFloat32.class);
  }

  /** Conv3D of {@code x} with {@code kernel}. */
  public Operand<TFloat32> conv3d(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel, List<Long> strides, String padding,
      Conv3d.Options... options) {
    if (this == FLOAT32) {
      return tf.nn.conv3d(x, kernel, strides, padding, options);
    }
    return tf.dtypes.cast(tf.nn.conv3d(low(tf, x), low(tf, kernel), strides, padding, options), TFloat32.class);
  }

  private static Operand<TBfloat16> low(Ops tf, Operand<TFloat32> x) {
    return tf.dtypes.cast(x, TBfloat16.class);
  }

  /** {@code float32} or {@code bfloat16}. */
  public static Precision parse(String name) {
    return switch (name) {
      case "float32" -> FLOAT32;
      case "bfloat16" -> BFLOAT16;
      default -> throw new IllegalArgumentException("precision must be float32 or bfloat16, got " + name);
    };
  }

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
