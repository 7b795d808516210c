package org.constcl.tfmodel.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The registered Conv3D gradient against central finite differences. The loss is linear in the
 * input and in the kernel, so differences are exact up to float rounding.
 */
class Conv3dGradientTest {
  @ParameterizedTest
  @CsvSource({"1, 2, 2, SAME, 1", "2, 2, 2, SAME, 1", "1, 1, 1, SAME, 1", "2, 2, 2, VALID, 1", "1, 1, 1, SAME, 2",
      "2, 1, 1, SAME, 3"})
  void matchesFiniteDifferences(int st, int sh, int sw, String padding, int dilation) {
    Conv3dGradient.register();
    long[] xs = {2, 5, 8, 7, 3};
    long[] ws = {3, 3, 3, 3, 4};
    Random r = new Random(11);
    float[] x = random(r, xs);
    float[] w = random(r, ws);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> xp = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(xs)));
      Placeholder<TFloat32> wp = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(ws)));
      Operand<TFloat32> y = tf.nn.conv3d(xp, wp, List.of(1L, (long) st, (long) sh, (long) sw, 1L), padding,
          org.tensorflow.op.nn.Conv3d.dilations(List.of(1L, 1L, (long) dilation, (long) dilation, 1L)));
      float[][][][][] weights = new float[(int) y.shape().size(0)][(int) y.shape().size(1)][(int) y.shape().size(2)][(int) y.shape().size(3)][(int) y.shape().size(4)];
      for (float[][][][] a : weights) for (float[][][] b : a) for (float[][] c : b) for (float[] d : c) for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
      Operand<TFloat32> loss = tf.sum(tf.math.mul(y, tf.constant(weights)), tf.constant(new int[] {0, 1, 2, 3, 4}));
      Output<?>[] grads = g.addGradients(loss.asOutput(), new Output<?>[] {xp.asOutput(), wp.asOutput()});
      float[] dx = run(s, xp, x, wp, w, grads[0]);
      float[] dw = run(s, xp, x, wp, w, grads[1]);
      for (int i : new int[] {0, 7, x.length / 2, x.length - 1}) { // includes both corners (padding)
        assertClose(dx[i], numeric(s, xp, x, wp, w, loss, true, i), "dx[" + i + "]");
      }
      for (int i : new int[] {0, 13, w.length / 2, w.length - 1}) {
        assertClose(dw[i], numeric(s, xp, x, wp, w, loss, false, i), "dw[" + i + "]");
      }
    }
  }

  private static void assertClose(float analytic, double numeric, String what) {
    assertThat((double) analytic).as(what).isCloseTo(numeric, org.assertj.core.api.Assertions.within(2e-3 + 1e-3 * Math.abs(numeric)));
  }

  private static double numeric(Session s, Placeholder<TFloat32> xp, float[] x, Placeholder<TFloat32> wp, float[] w,
      Operand<TFloat32> loss, boolean input, int i) {
    float eps = 1e-2f;
    float[] target = input ? x : w;
    float keep = target[i];
    target[i] = keep + eps;
    double plus = run(s, xp, x, wp, w, loss.asOutput())[0];
    target[i] = keep - eps;
    double minus = run(s, xp, x, wp, w, loss.asOutput())[0];
    target[i] = keep;
    return (plus - minus) / (2 * eps);
  }

  private static float[] run(Session s, Placeholder<TFloat32> xp, float[] x, Placeholder<TFloat32> wp, float[] w, Output<?> out) {
    try (TFloat32 xt = TFloat32.tensorOf(xp.shape(), t -> t.asRawTensor().data().asFloats().write(x));
        TFloat32 wt = TFloat32.tensorOf(wp.shape(), t -> t.asRawTensor().data().asFloats().write(w));
        Result r = s.runner().feed(xp, xt).feed(wp, wt).fetch(out).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] v = new float[(int) t.shape().size()];
      t.asRawTensor().data().asFloats().read(v);
      return v;
    }
  }

  private static float[] random(Random r, long[] shape) {
    int n = 1;
    for (long d : shape) {
      n *= d;
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian() * 0.5f;
    }
    return v;
  }

  /** The layer's dilated 1×3×3 convolution equals Conv3D with the 1×5×5 kernel that has zeros between its taps. */
  @org.junit.jupiter.api.Test
  void dilatedConvolutionEqualsZeroInsertedKernel() {
    Random r = new Random(5);
    long[] xs = {1, 2, 9, 9, 2};
    float[] x = random(r, xs);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore vars = new VariableStore(tf, 1);
      Conv3dLayer layer = new Conv3dLayer(vars, "c", new int[] {1, 3, 3}, 2, 3);
      Placeholder<TFloat32> xp = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(xs)));
      Placeholder<TFloat32> widep = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 5, 5, 2, 3)));
      Operand<TFloat32> dilated = layer.apply(xp, new int[] {1, 1, 1}, "SAME", 2);
      assertThat(dilated.shape().asArray()).containsExactly(1, 2, 9, 9, 3);
      Operand<TFloat32> plain = tf.nn.conv3d(xp, widep, List.of(1L, 1L, 1L, 1L, 1L), "SAME");
      s.initialize();
      float[] w;
      try (Result k = s.runner().fetch(vars.variable("c/kernel")).run()) {
        TFloat32 t = (TFloat32) k.get(0);
        w = new float[(int) t.shape().size()];
        t.asRawTensor().data().asFloats().read(w);
      }
      float[] wide = new float[1 * 5 * 5 * 2 * 3];
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          for (int c = 0; c < 6; c++) {
            wide[((2 * i) * 5 + 2 * j) * 6 + c] = w[(i * 3 + j) * 6 + c];
          }
        }
      }
      try (TFloat32 xt = TFloat32.tensorOf(xp.shape(), t -> t.asRawTensor().data().asFloats().write(x));
          TFloat32 widet = TFloat32.tensorOf(widep.shape(), t -> t.asRawTensor().data().asFloats().write(wide));
          Result res = s.runner().feed(xp, xt).feed(widep, widet).fetch(dilated).fetch(plain).run()) {
        float[] a = new float[2 * 9 * 9 * 3];
        float[] b = new float[a.length];
        ((TFloat32) res.get(0)).asRawTensor().data().asFloats().read(a);
        ((TFloat32) res.get(1)).asRawTensor().data().asFloats().read(b);
        for (int i = 0; i < a.length; i++) {
          assertThat(a[i]).as("output " + i).isCloseTo(b[i], org.assertj.core.api.Assertions.within(1e-4f));
        }
      }
    }
  }
}
