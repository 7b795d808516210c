package org.constcl.tfmodel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * The whole tiny model's loss against central finite differences (float32, so within 5 % plus
 * float noise), through the stem, a temporal conv, the local branch, a batch-norm scale, the
 * decoder, the positional MLP, the projection and the global head.
 */
class ModelGradientTest {
  static final List<String> VARIABLES = List.of(
      "backbone/stem/conv/kernel",
      "backbone/res4/block0/conv_a/kernel",
      "backbone/res5_1/block0/conv_b/kernel",
      "backbone/res3/block0/bn_a/gamma",
      "reconstructor/decoder/layer0/unit0/query/kernel",
      "reconstructor/temporal_mlp/dense1/kernel",
      "reconstructor/projection/kernel",
      "global_head/output/kernel");

  @Test
  void analyticGradientsMatchFiniteDifferences() {
    TrainingBatch batch = TinyModels.batch(4);
    try (ConstclModel m = ConstclModel.build(TinyModels.config().threads(1).build());
        TUint8 clips = TUint8.tensorOf(m.clipsInput().shape(), DataBuffers.of(batch.clips(), true, false));
        TFloat32 boxes = TFloat32.tensorOf(m.boxesInput().shape(), t -> t.asRawTensor().data().asFloats().write(batch.boxes()));
        TFloat32 masks = TFloat32.tensorOf(m.masksInput().shape(), t -> t.asRawTensor().data().asFloats().write(batch.masks()))) {
      m.initialize();
      Ops tf = Ops.create(m.graph());
      for (String name : VARIABLES) {
        Variable<TFloat32> v = m.variables().variable(name);
        Output<?> grad = m.graph().addGradients(m.totalLoss().asOutput(), new Output<?>[] {v.asOutput()})[0];
        Placeholder<TFloat32> value = tf.placeholder(TFloat32.class, Placeholder.shape(v.shape()));
        Assign<TFloat32> set = tf.assign(v, value);
        float[] w = read(m, v, clips, boxes, masks);
        float[] g = read(m, grad, clips, boxes, masks);
        for (int i : largest(g, 3)) {
          // Small steps: the tiny model's batch-norm statistics come from few elements, so the loss
          // curves strongly and larger steps cross ReLU kinks (numeric values converge as eps shrinks).
          double eps = 2.5e-4;
          float keep = w[i];
          w[i] = (float) (keep + eps);
          assign(m, set, value, w);
          double plus = read(m, m.totalLoss(), clips, boxes, masks)[0];
          w[i] = (float) (keep - eps);
          assign(m, set, value, w);
          double minus = read(m, m.totalLoss(), clips, boxes, masks)[0];
          w[i] = keep;
          assign(m, set, value, w);
          double numeric = (plus - minus) / (2 * eps);
          assertThat((double) g[i]).as("%s[%d]", name, i).isCloseTo(numeric, within(1e-3 + 0.05 * Math.abs(numeric)));
        }
      }
    }
  }

  private static int[] largest(float[] g, int k) {
    return java.util.stream.IntStream.range(0, g.length).boxed()
        .sorted((a, b) -> Float.compare(Math.abs(g[b]), Math.abs(g[a])))
        .limit(k).mapToInt(Integer::intValue).toArray();
  }

  private static void assign(ConstclModel m, Assign<TFloat32> set, Placeholder<TFloat32> value, float[] w) {
    try (TFloat32 t = TFloat32.tensorOf(value.shape(), x -> x.asRawTensor().data().asFloats().write(w))) {
      m.session().runner().feed(value, t).addTarget(set).run().close();
    }
  }

  private static float[] read(ConstclModel m, Operand<?> what, TUint8 clips, TFloat32 boxes, TFloat32 masks) {
    return read(m, what.asOutput(), clips, boxes, masks);
  }

  private static float[] read(ConstclModel m, Output<?> what, TUint8 clips, TFloat32 boxes, TFloat32 masks) {
    try (Result r = m.session().runner().feed(m.clipsInput(), clips).feed(m.boxesInput(), boxes)
        .feed(m.masksInput(), masks).fetch(what).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] v = new float[(int) t.shape().size()];
      t.asRawTensor().data().asFloats().read(v);
      return v;
    }
  }

}
