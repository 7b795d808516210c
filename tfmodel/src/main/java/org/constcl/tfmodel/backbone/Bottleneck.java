package org.constcl.tfmodel.backbone;

import org.constcl.tfmodel.nn.BatchNorm;
import org.constcl.tfmodel.nn.Conv3dLayer;
import org.constcl.tfmodel.nn.Mode;
import org.constcl.tfmodel.nn.VariableStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The R3D bottleneck block (reference §1.3): conv kt×1×1 (in → f, temporal stride) → BN → ReLU →
 * conv 1×3×3 (f → f, spatial stride, optional dilation) → BN → ReLU → conv 1×1×1 (f → 4f) → BN; the shortcut is the
 * identity when channels match, else a 1×1×1 conv with the block's strides ('VALID') and BN;
 * output ReLU(main + shortcut). No conv has a bias.
 */
final class Bottleneck {
  private final VariableStore vars;
  private final Conv3dLayer convA;
  private final Conv3dLayer convB;
  private final Conv3dLayer convC;
  private final BatchNorm bnA;
  private final BatchNorm bnB;
  private final BatchNorm bnC;
  private final Conv3dLayer projection;
  private final BatchNorm bnProjection;
  private final int[] stridesA;
  private final int[] stridesB;
  private final int[] stridesShortcut;
  private final int dilation;

  Bottleneck(VariableStore vars, String name, long in, int width, int temporalKernel,
      int temporalStride, int spatialStride, int dilation, float bnMomentum, float bnEpsilon) {
    this.vars = vars;
    long out = 4L * width;
    convA = new Conv3dLayer(vars, name + "/conv_a", new int[] {temporalKernel, 1, 1}, in, width);
    bnA = new BatchNorm(vars, name + "/bn_a", width, bnMomentum, bnEpsilon);
    convB = new Conv3dLayer(vars, name + "/conv_b", new int[] {1, 3, 3}, width, width);
    bnB = new BatchNorm(vars, name + "/bn_b", width, bnMomentum, bnEpsilon);
    convC = new Conv3dLayer(vars, name + "/conv_c", new int[] {1, 1, 1}, width, out);
    bnC = new BatchNorm(vars, name + "/bn_c", out, bnMomentum, bnEpsilon);
    this.dilation = dilation;
    stridesA = new int[] {temporalStride, 1, 1};
    stridesB = new int[] {1, spatialStride, spatialStride};
    stridesShortcut = new int[] {temporalStride, spatialStride, spatialStride};
    boolean project = in != out;
    if (!project && (temporalStride != 1 || spatialStride != 1)) {
      throw new IllegalArgumentException(name + ": an identity shortcut cannot stride");
    }
    projection = project ? new Conv3dLayer(vars, name + "/shortcut", new int[] {1, 1, 1}, in, out) : null;
    bnProjection = project ? new BatchNorm(vars, name + "/bn_shortcut", out, bnMomentum, bnEpsilon) : null;
  }

  Operand<TFloat32> apply(Operand<TFloat32> x, Mode mode, ConvCost cost) {
    Ops tf = vars.ops();
    Operand<TFloat32> h = tf.nn.relu(bnA.apply(cost.add(convA, convA.apply(x, stridesA, "SAME")), mode));
    h = tf.nn.relu(bnB.apply(cost.add(convB, convB.apply(h, stridesB, "SAME", dilation)), mode));
    h = bnC.apply(cost.add(convC, convC.apply(h, new int[] {1, 1, 1}, "SAME")), mode);
    Operand<TFloat32> shortcut =
        projection == null ? x : bnProjection.apply(cost.add(projection, projection.apply(x, stridesShortcut, "VALID")), mode);
    return tf.nn.relu(tf.math.add(h, shortcut));
  }
}
