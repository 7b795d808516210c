package org.constcl.tfmodel.head;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * ROIAlign as the ConST-CL reference does it (reference §2.3): boxes [ymin, xmin, ymax, xmax] in
 * [0, 1] are scaled by the feature map's size (H, W — not H−1), each box is cut into crop×crop
 * cells, and each cell takes ONE bilinear sample at its centre (offset 0.5); feature cell k sits at
 * coordinate k, with the lower neighbour clamped to [0, H−1] and the upper to H−1 (so samples in
 * [H−1, H) read the last row). Gradients flow to the features.
 */
public final class RoiAlign {
  private RoiAlign() {}

  /**
   * Samples {@code boxes} from {@code features}.
   *
   * @param features [N, H, W, C] (H and W static)
   * @param boxes [N, R, 4], normalised
   * @return [N, R, crop, crop, C]
   */
  public static Operand<TFloat32> crops(Ops tf, Operand<TFloat32> features, Operand<TFloat32> boxes, int crop, float offset) {
    long h = features.shape().size(1);
    long w = features.shape().size(2);
    long c = features.shape().size(3);
    Operand<TInt32> n = tf.slice(tf.shape(features), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
    Operand<TFloat32> grid = cellCentres(tf, crop, offset);
    Operand<TFloat32> ys = samples(tf, boxes, 0, 2, h, grid); // [N, R, crop]
    Operand<TFloat32> xs = samples(tf, boxes, 1, 3, w, grid);
    Corner y = corner(tf, ys, h);
    Corner x = corner(tf, xs, w);
    // Flat row index (b * H + y) * W + x over features reshaped to [N*H*W, C], broadcast to [N, R, crop, crop].
    Operand<TInt32> batch =
        tf.reshape(tf.range(tf.constant(0), tf.reshape(n, tf.constant(new int[] {})), tf.constant(1)),
            tf.constant(new int[] {-1, 1, 1, 1}));
    Operand<TInt32> rowLow = rows(tf, batch, y.low, h);
    Operand<TInt32> rowHigh = rows(tf, batch, y.high, h);
    Operand<TFloat32> flat = tf.reshape(features, tf.constant(new long[] {-1, c}));
    Operand<TInt32> xLow = tf.expandDims(x.low, tf.constant(2));
    Operand<TInt32> xHigh = tf.expandDims(x.high, tf.constant(2));
    Operand<TFloat32> f00 = gather(tf, flat, tf.math.add(tf.math.mul(rowLow, tf.constant((int) w)), xLow));
    Operand<TFloat32> f01 = gather(tf, flat, tf.math.add(tf.math.mul(rowLow, tf.constant((int) w)), xHigh));
    Operand<TFloat32> f10 = gather(tf, flat, tf.math.add(tf.math.mul(rowHigh, tf.constant((int) w)), xLow));
    Operand<TFloat32> f11 = gather(tf, flat, tf.math.add(tf.math.mul(rowHigh, tf.constant((int) w)), xHigh));
    // Weights [N, R, crop, 1, 1] for y and [N, R, 1, crop, 1] for x.
    Operand<TFloat32> ly = tf.expandDims(tf.expandDims(y.fraction, tf.constant(3)), tf.constant(4));
    Operand<TFloat32> hy = tf.math.sub(tf.constant(1f), ly);
    Operand<TFloat32> lx = tf.expandDims(tf.expandDims(x.fraction, tf.constant(2)), tf.constant(4));
    Operand<TFloat32> hx = tf.math.sub(tf.constant(1f), lx);
    Operand<TFloat32> top = tf.math.add(tf.math.mul(f00, hx), tf.math.mul(f01, lx));
    Operand<TFloat32> bottom = tf.math.add(tf.math.mul(f10, hx), tf.math.mul(f11, lx));
    return tf.math.add(tf.math.mul(top, hy), tf.math.mul(bottom, ly));
  }

  /** Region features: {@link #crops} averaged over the cells, [N, R, C]. */
  public static Operand<TFloat32> pool(Ops tf, Operand<TFloat32> features, Operand<TFloat32> boxes, int crop, float offset) {
    return tf.math.mean(crops(tf, features, boxes, crop, offset), tf.constant(new int[] {2, 3}));
  }

  private static Operand<TFloat32> cellCentres(Ops tf, int crop, float offset) {
    float[] g = new float[crop];
    for (int i = 0; i < crop; i++) {
      g[i] = (i + offset) / crop;
    }
    return tf.constant(g);
  }

  /** Sample coordinates along one axis, [N, R, crop]: lo + grid * (hi - lo), in feature units. */
  private static Operand<TFloat32> samples(Ops tf, Operand<TFloat32> boxes, int lo, int hi, long size, Operand<TFloat32> grid) {
    Operand<TFloat32> a = tf.math.mul(coordinate(tf, boxes, lo), tf.constant((float) size));
    Operand<TFloat32> b = tf.math.mul(coordinate(tf, boxes, hi), tf.constant((float) size));
    return tf.math.add(tf.expandDims(a, tf.constant(-1)), tf.math.mul(grid, tf.expandDims(tf.math.sub(b, a), tf.constant(-1))));
  }

  private static Operand<TFloat32> coordinate(Ops tf, Operand<TFloat32> boxes, int index) {
    return tf.squeeze(tf.gather(boxes, tf.constant(new int[] {index}), tf.constant(2)), Squeeze.axis(java.util.List.of(2L)));
  }

  private record Corner(Operand<TInt32> low, Operand<TInt32> high, Operand<TFloat32> fraction) {}

  private static Corner corner(Ops tf, Operand<TFloat32> coords, long size) {
    Operand<TFloat32> floor = tf.math.floor(coords);
    Operand<TFloat32> low = tf.math.minimum(tf.math.maximum(floor, tf.constant(0f)), tf.constant((float) (size - 1)));
    Operand<TInt32> lowIndex = tf.dtypes.cast(low, TInt32.class);
    Operand<TInt32> highIndex = tf.math.minimum(tf.math.add(lowIndex, tf.constant(1)), tf.constant((int) (size - 1)));
    return new Corner(lowIndex, highIndex, tf.math.sub(coords, low));
  }

  /** Row index b * H + y, [N, 1, 1, 1] and [N, R, crop] broadcast to [N, R, crop, 1]. */
  private static Operand<TInt32> rows(Ops tf, Operand<TInt32> batch, Operand<TInt32> y, long h) {
    return tf.math.add(tf.math.mul(batch, tf.constant((int) h)), tf.expandDims(y, tf.constant(3)));
  }

  private static Operand<TFloat32> gather(Ops tf, Operand<TFloat32> flat, Operand<TInt32> index) {
    return tf.gather(flat, index, tf.constant(0), Gather.batchDims(0L));
  }
}
