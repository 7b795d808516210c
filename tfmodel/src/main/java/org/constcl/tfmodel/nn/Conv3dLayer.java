package org.constcl.tfmodel.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** A 3-D convolution without bias (NDHWC), Keras variance-scaling initialised. */
public final class Conv3dLayer {
  private final VariableStore vars;
  private final Variable<TFloat32> kernel;
  private final long[] shape;
  /** Largest output side (height and width) a spatial convolution is run as a matrix product at. */
  static final long SMALL_MAP = 14;

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
    return apply(x, strides, padding, 1);
  }

  /**
   * As above with a spatial dilation (h and w; atrous convolution): the kernel's taps sit
   * {@code dilation} cells apart, so a stage can keep its resolution and still see as far.
   */
  public Operand<TFloat32> apply(Operand<TFloat32> x, int[] strides, String padding, int dilation) {
    Ops tf = vars.ops();
    if (dilation != 1) {
      if (strides[1] != 1 || strides[2] != 1) {
        throw new IllegalArgumentException("a dilated convolution has spatial stride 1");
      }
      // Conv3D's own dilations: repeatable on CPU (a MatMul over the shifted taps, tried first, was not bit-exact).
      return vars.precision().conv3d(tf, x, kernel, List.of(1L, (long) strides[0], 1L, 1L, 1L), padding,
          org.tensorflow.op.nn.Conv3d.dilations(List.of(1L, 1L, (long) dilation, (long) dilation, 1L)));
    }
    boolean samePositions = "SAME".equals(padding) || shape[0] == 1; // a 1×1×1 window: SAME and VALID agree
    if (shape[1] == 1 && shape[2] == 1 && shape[0] % 2 == 1 && strides[0] == 1 && samePositions) {
      return temporal(tf, x, strides);
    }
    if (shape[0] == 1 && strides[0] == 1 && smallMap(x.shape(), strides, padding)) {
      return spatial(tf, x, strides, padding);
    }
    return vars.precision().conv3d(tf, x, kernel, List.of(1L, (long) strides[0], (long) strides[1], (long) strides[2], 1L), padding);
  }

  /** Static height and width whose output is at most {@link #SMALL_MAP} on each side (unknown sizes: no). */
  private boolean smallMap(org.tensorflow.ndarray.Shape in, int[] strides, String padding) {
    return in.numDimensions() == 5 && in.size(2) > 0 && in.size(3) > 0
        && outputSide(in.size(2), 1, strides[1], padding) <= SMALL_MAP
        && outputSide(in.size(3), 2, strides[2], padding) <= SMALL_MAP;
  }

  private long outputSide(long in, int axis, int stride, String padding) {
    return "SAME".equals(padding) ? (in + stride - 1) / stride : (in - shape[axis]) / stride + 1;
  }

  /**
   * A 1×kh×kw convolution on a small map as one matrix product (im2col): the kh·kw shifted,
   * strided windows of the zero-padded input ('SAME' pads as TensorFlow does: the odd cell at the
   * end) concatenated along channels, times the kernel viewed as [kh·kw·in, out] (its memory
   * order). On 14×14, 7×7 and 4×4 maps (r3d50's res3–res5 at 112²) oneDNN's Conv3D forward and input
   * gradient ran at ~40% of the MatMul peak; the matrix product runs near it, and gathering the
   * windows of a small map is cheap. On larger maps (res2, 28×28) the 9× copy costs more than it saves
   * (measured with bench model; docs/benchmarks.md).
   */
  private Operand<TFloat32> spatial(Ops tf, Operand<TFloat32> x, int[] strides, String padding) {
    long[] dims = x.shape().asArray();
    int kh = (int) shape[1];
    int kw = (int) shape[2];
    int sh = strides[1];
    int sw = strides[2];
    long oh = outputSide(dims[2], 1, sh, padding);
    long ow = outputSide(dims[3], 2, sw, padding);
    long ph = "SAME".equals(padding) ? Math.max((oh - 1) * sh + kh - dims[2], 0) : 0;
    long pw = "SAME".equals(padding) ? Math.max((ow - 1) * sw + kw - dims[3], 0) : 0;
    Operand<TFloat32> padded = tf.pad(x,
        tf.constant(new int[][] {{0, 0}, {0, 0}, {(int) ph / 2, (int) (ph - ph / 2)}, {(int) pw / 2, (int) (pw - pw / 2)}, {0, 0}}),
        tf.constant(0f));
    // One gather of every window cell, not kh·kw slices of the same tensor: the slices' gradients
    // would meet in an AddN whose input order differs between graph builds (float sums then differ
    // in the last bit, and seeded runs must be bit-identical); the gather's gradient sums in index order.
    long hp = dims[2] + ph;
    long wp = dims[3] + pw;
    int[] cells = new int[(int) (oh * ow * kh * kw)];
    int i = 0;
    for (long y = 0; y < oh; y++) {
      for (long xx = 0; xx < ow; xx++) {
        for (int dy = 0; dy < kh; dy++) {
          for (int dx = 0; dx < kw; dx++) {
            cells[i++] = (int) ((y * sh + dy) * wp + xx * sw + dx);
          }
        }
      }
    }
    Operand<TFloat32> frames = tf.reshape(padded, tf.constant(new long[] {-1, hp * wp, shape[3]}));
    Operand<TFloat32> windows = tf.gather(frames, tf.constant(cells), tf.constant(1));
    Operand<TFloat32> rows = tf.reshape(windows, tf.constant(new long[] {-1, kh * kw * shape[3]}));
    Operand<TFloat32> out =
        vars.precision().matMul(tf, rows, tf.reshape(kernel, tf.constant(new long[] {kh * kw * shape[3], shape[4]})));
    return tf.reshape(out, tf.constant(new long[] {-1, dims[1], oh, ow, shape[4]}));
  }

  /**
   * A kt×1×1 convolution ('SAME', temporal stride 1, kt odd) as one matrix product: the input's kt
   * time shifts, zero-padded, concatenated along channels, times the kernel viewed as
   * [kt·in, out] (its memory order is exactly that). Same weights and result as Conv3D, but
   * MatMul works on plain layouts, where oneDNN's Conv3D reorders the kernel into a blocked layout
   * on every call of the forward and both backward passes — at batch 1 that cost more than the
   * convolution. Spatial strides subsample first (a 1×1 window picks every s-th position).
   */
  private Operand<TFloat32> temporal(Ops tf, Operand<TFloat32> x, int[] strides) {
    Operand<TFloat32> in = x;
    if (strides[1] != 1 || strides[2] != 1) {
      in = tf.stridedSlice(in, Indices.all(), Indices.all(), Indices.sliceFrom(0, strides[1]),
          Indices.sliceFrom(0, strides[2]), Indices.all());
    }
    long[] dims = in.shape().asArray();
    int kt = (int) shape[0];
    if (kt > 1) {
      int half = kt / 2;
      Operand<TFloat32> padded =
          tf.pad(in, tf.constant(new int[][] {{0, 0}, {half, half}, {0, 0}, {0, 0}, {0, 0}}), tf.constant(0f));
      List<Operand<TFloat32>> shifts = new java.util.ArrayList<>();
      for (int k = 0; k < kt; k++) {
        // Slice, not StridedSlice: its gradient is a plain Pad, several times cheaper.
        shifts.add(tf.slice(padded, tf.constant(new int[] {0, k, 0, 0, 0}), tf.constant(new int[] {-1, (int) dims[1], -1, -1, -1})));
      }
      in = tf.concat(shifts, tf.constant(-1));
    }
    Operand<TFloat32> rows = tf.reshape(in, tf.constant(new long[] {-1, kt * shape[3]}));
    Operand<TFloat32> out =
        vars.precision().matMul(tf, rows, tf.reshape(kernel, tf.constant(new long[] {kt * shape[3], shape[4]})));
    return tf.reshape(out, tf.constant(new long[] {-1, dims[1], dims[2], dims[3], shape[4]}));
  }

  /** Multiply-accumulate operations of one application, from static shapes. */
  public long macs(long[] outputShape) {
    return VariableStore.elements(outputShape) * shape[0] * shape[1] * shape[2] * shape[3];
  }

  public long outChannels() {
    return shape[4];
  }
}
