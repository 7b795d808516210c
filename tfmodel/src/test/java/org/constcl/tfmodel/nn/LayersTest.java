package org.constcl.tfmodel.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.constcl.tfmodel.GraphRunner;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class LayersTest {
  @Test
  void geluIsTheExactErfForm() {
    float[] y = GraphRunner.run(tf -> Activations.gelu(tf, tf.constant(new float[] {-2f, -1f, 0f, 1f, 3f})));
    // 0.5 x (1 + erf(x / sqrt 2)): Φ(1) = 0.8413447, Φ(-1) = 0.1586553, Φ(3) = 0.9986501
    assertThat(y).containsExactly(new float[] {-2 * 0.0227501f, -0.1586553f, 0f, 0.8413447f, 3 * 0.9986501f}, within(1e-6f));
  }

  @Test
  void layerNormNormalisesTheLastAxis() {
    float[] y = GraphRunner.run(tf -> {
      VariableStore vars = new VariableStore(tf, 1);
      return new LayerNorm(vars, "ln", 4, 1e-12f).apply(tf.constant(new float[][] {{1, 2, 3, 4}, {10, 10, 10, 14}}));
    });
    double s = Math.sqrt(1.25);
    assertThat(y).containsExactly(new float[] {
        (float) (-1.5 / s), (float) (-0.5 / s), (float) (0.5 / s), (float) (1.5 / s),
        (float) (-1 / Math.sqrt(3)), (float) (-1 / Math.sqrt(3)), (float) (-1 / Math.sqrt(3)), (float) Math.sqrt(3)}, within(1e-5f));
  }

  @Test
  void batchNormTrainsWithBatchStatisticsAndKerasMovingAverages() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore vars = new VariableStore(tf, 1);
      BatchNorm bn = new BatchNorm(vars, "bn", 1, 0.9f, 1e-5f);
      float[][] x = {{1}, {2}, {3}, {6}}; // mean 3, variance 3.5 (biased), 14/3 (unbiased)
      Mode train = Mode.training();
      Operand<TFloat32> yTrain = bn.apply(tf.constant(x), train);
      Operand<TFloat32> yInfer = bn.apply(tf.constant(x), Mode.inference());
      s.initialize();
      float[] before = fetch(s, yInfer);
      float[] trained = fetch(s, yTrain);
      Result r = s.runner().addTarget(train.updates().get(0)).addTarget(train.updates().get(1)).run();
      r.close();
      float[] mean = fetch(s, bn.movingMean());
      assertThat(trained[0]).isCloseTo((float) ((1 - 3) / Math.sqrt(3.5 + 1e-5)), within(1e-5f));
      assertThat(before[0]).isCloseTo((float) (1 / Math.sqrt(1 + 1e-5)), within(1e-5f)); // moving mean 0, var 1
      assertThat(mean[0]).isCloseTo(0.1f * 3f, within(1e-6f));
      float[] after = fetch(s, yInfer);
      // moving variance 0.9 * 1 + 0.1 * 14/3 (Bessel-corrected), mean 0.3
      assertThat(after[0]).isCloseTo((float) ((1 - 0.3) / Math.sqrt(0.9 + 0.1 * 14 / 3.0 + 1e-5)), within(1e-5f));
    }
  }

  @Test
  void dropoutIsSeededScaledAndOffInInference() {
    float[] ones = new float[10_000];
    java.util.Arrays.fill(ones, 1f);
    float[] a = GraphRunner.run(tf -> Activations.dropout(tf, tf.constant(ones), 0.25f, Mode.training(), 5));
    float[] b = GraphRunner.run(tf -> Activations.dropout(tf, tf.constant(ones), 0.25f, Mode.training(), 5));
    float[] off = GraphRunner.run(tf -> Activations.dropout(tf, tf.constant(ones), 0.25f, Mode.inference(), 5));
    assertThat(a).isEqualTo(b).containsOnly(0f, 1f / 0.75f);
    long kept = java.util.stream.IntStream.range(0, a.length).filter(i -> a[i] > 0).count();
    assertThat(kept).isBetween(7300L, 7700L);
    assertThat(off).isEqualTo(ones);
  }

  @Test
  void variableSeedsDependOnNamesNotBuildOrder() {
    float[] first = GraphRunner.run(tf -> {
      VariableStore vars = new VariableStore(tf, 42);
      vars.kernel("a/kernel", new long[] {3, 3}, Initializer.glorotUniform());
      return vars.kernel("b/kernel", new long[] {3, 3}, Initializer.glorotUniform());
    });
    float[] second = GraphRunner.run(tf -> new VariableStore(tf, 42).kernel("b/kernel", new long[] {3, 3}, Initializer.glorotUniform()));
    assertThat(second).isEqualTo(first);
    float limit = (float) Math.sqrt(6.0 / 6);
    for (float v : first) {
      assertThat(Math.abs(v)).isLessThanOrEqualTo(limit);
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"1, 1, SAME", "1, 2, SAME", "1, 2, VALID", "3, 1, SAME", "3, 2, SAME", "5, 1, SAME"})
  void matmulConvolutionsEqualConv3d(int kt, int spatialStride, String padding) {
    float[] x = gaussian(2 * 5 * 6 * 7 * 8, 3);
    float[][] both = new float[2][];
    for (int path = 0; path < 2; path++) {
      boolean reference = path == 1;
      both[path] = GraphRunner.run(tf -> {
        VariableStore vars = new VariableStore(tf, 9);
        Conv3dLayer conv = new Conv3dLayer(vars, "c", new int[] {kt, 1, 1}, 8, 12);
        Operand<TFloat32> in = tf.reshape(tf.constant(x), tf.constant(new long[] {2, 5, 6, 7, 8}));
        int[] strides = {1, spatialStride, spatialStride};
        return reference
            ? tf.nn.conv3d(in, vars.variable("c/kernel"), java.util.List.of(1L, 1L, (long) spatialStride, (long) spatialStride, 1L), padding)
            : conv.apply(in, strides, padding);
      });
    }
    assertThat(both[0]).hasSameSizeAs(both[1]);
    for (int i = 0; i < both[0].length; i++) {
      assertThat(both[0][i]).as("element %d", i).isCloseTo(both[1][i], within(1e-4f));
    }
  }

  /** 1×3×3 convolutions on small maps run as matrix products: output and both gradients equal Conv3D's. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"6, 7, 1, SAME", "7, 7, 1, SAME", "7, 7, 2, SAME", "14, 13, 2, SAME", "7, 6, 2, VALID", "5, 7, 1, VALID"})
  void smallMapSpatialConvolutionsEqualConv3dWithGradients(int h, int w, int stride, String padding) {
    Conv3dGradient.register();
    long[] dims = {2, 3, h, w, 8};
    float[] x = gaussian((int) VariableStore.elements(dims), 5);
    float[][] both = new float[2][];
    for (int path = 0; path < 2; path++) {
      boolean reference = path == 1;
      both[path] = GraphRunner.run(tf -> {
        VariableStore vars = new VariableStore(tf, 9);
        Conv3dLayer conv = new Conv3dLayer(vars, "c", new int[] {1, 3, 3}, 8, 12);
        Operand<TFloat32> in = tf.variable(tf.reshape(tf.constant(x), tf.constant(dims)));
        Operand<TFloat32> kernel = vars.variable("c/kernel");
        Operand<TFloat32> y = reference
            ? tf.nn.conv3d(in, kernel, java.util.List.of(1L, 1L, (long) stride, (long) stride, 1L), padding)
            : conv.apply(in, new int[] {1, stride, stride}, padding);
        // A loss that weights every output differently, so a misplaced window changes both gradients.
        Operand<TFloat32> weights = tf.math.cos(tf.dtypes.cast(tf.range(tf.constant(0), tf.size(y), tf.constant(1)), TFloat32.class));
        Operand<TFloat32> loss = tf.sum(tf.math.mul(tf.reshape(y, tf.constant(new long[] {-1})), weights), tf.constant(0));
        org.tensorflow.Output<?>[] grads = ((org.tensorflow.Graph) tf.scope().env()).addGradients(loss.asOutput(),
            new org.tensorflow.Output<?>[] {in.asOutput(), kernel.asOutput()});
        @SuppressWarnings("unchecked")
        Operand<TFloat32> dx = (Operand<TFloat32>) grads[0];
        @SuppressWarnings("unchecked")
        Operand<TFloat32> dw = (Operand<TFloat32>) grads[1];
        Operand<org.tensorflow.types.TInt64> flat = tf.constant(new long[] {-1});
        return tf.concat(java.util.List.of(tf.reshape(y, flat), tf.reshape(dx, flat), tf.reshape(dw, flat)), tf.constant(0));
      });
    }
    assertThat(both[0]).hasSameSizeAs(both[1]);
    for (int i = 0; i < both[0].length; i++) {
      assertThat(both[0][i]).as("element %d", i).isCloseTo(both[1][i], within(2e-4f * Math.max(1f, Math.abs(both[1][i]))));
    }
  }

  private static float[] gaussian(int n, long seed) {
    float[] x = new float[n];
    java.util.Random r = new java.util.Random(seed);
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  private static float[] fetch(Session s, Operand<TFloat32> x) {
    try (Result r = s.runner().fetch(x).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] v = new float[(int) t.shape().size()];
      t.asRawTensor().data().asFloats().read(v);
      return v;
    }
  }
}
