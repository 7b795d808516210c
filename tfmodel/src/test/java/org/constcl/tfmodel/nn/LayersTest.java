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
    float[] x = new float[2 * 5 * 6 * 7 * 8];
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
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

  private static float[] fetch(Session s, Operand<TFloat32> x) {
    try (Result r = s.runner().fetch(x).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] v = new float[(int) t.shape().size()];
      t.asRawTensor().data().asFloats().read(v);
      return v;
    }
  }
}
