package org.constcl.tfmodel.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Batch norm synchronised over towers against FusedBatchNorm over the concatenated batch. */
class SyncBatchNormTest {
  private static final int N = 4;
  private static final long[] SHAPE = {N, 2, 5, 5, 6};

  @Test
  void twoSynchronisedTowersEqualOneBatchNormOverTheWholeBatch() {
    float[] x = random(1, N * 2 * 5 * 5 * 6, 3f, 0.5f);
    float[] w = random(2, x.length, 1f, 0f);
    float[][] single = run(1, true, x, w);
    float[][] towers = run(2, true, x, w);
    String[] what = {"y", "dL/dx", "dL/dgamma", "dL/dbeta", "moving mean", "moving variance"};
    for (int i = 0; i < what.length; i++) {
      assertThat(relativeError(towers[i], single[i])).as(what[i]).isLessThan(1e-5);
    }
  }

  /** Runs BN on x split over {@code towers} towers, loss Σ w·y; returns y, gradients, moving stats. */
  private static float[][] run(int towers, boolean sync, float[] x, float[] w) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore vars = new VariableStore(tf, 1);
      BatchNorm bn = new BatchNorm(vars, "bn", SHAPE[4], 0.9f, 1e-5f);
      Operand<TFloat32> input = tf.reshape(tf.constant(x), tf.constant(SHAPE));
      Operand<TFloat32> weights = tf.reshape(tf.constant(w), tf.constant(SHAPE));
      int per = N / towers;
      List<Mode> modes = new ArrayList<>();
      List<Operand<TFloat32>> ys = TowerGroup.run(towers, member -> {
        Operand<TFloat32> part = tf.slice(input, tf.constant(new int[] {member.index() * per, 0, 0, 0, 0}),
            tf.constant(new int[] {per, -1, -1, -1, -1}));
        Mode mode = Mode.training(member, sync);
        Operand<TFloat32> y = bn.apply(part, mode);
        synchronized (modes) {
          modes.add(mode);
        }
        return y;
      });
      Operand<TFloat32> y = ys.size() == 1 ? ys.get(0) : tf.concat(ys, tf.constant(0));
      Operand<TFloat32> loss = tf.sum(tf.math.mul(y, weights), tf.constant(new int[] {0, 1, 2, 3, 4}));
      Output<?>[] grads = g.addGradients(loss.asOutput(), new Output<?>[] {
          input.asOutput(), vars.variable("bn/gamma").asOutput(), vars.variable("bn/beta").asOutput()});
      s.initialize();
      Session.Runner runner = s.runner().fetch(y);
      for (Output<?> o : grads) {
        runner.fetch(o);
      }
      modes.forEach(m -> m.updates().forEach(runner::addTarget));
      float[][] out = new float[6][];
      try (Result r = runner.run()) {
        for (int i = 0; i < 4; i++) {
          out[i] = read((TFloat32) r.get(i));
        }
      }
      try (Result r = s.runner().fetch(vars.variable("bn/moving_mean")).fetch(vars.variable("bn/moving_variance")).run()) {
        out[4] = read((TFloat32) r.get(0));
        out[5] = read((TFloat32) r.get(1));
      }
      return out;
    }
  }

  static float[] random(long seed, int n, float scale, float offset) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextGaussian() * scale + offset);
    }
    return v;
  }

  static float[] read(TFloat32 t) {
    float[] values = new float[(int) t.shape().size()];
    t.asRawTensor().data().asFloats().read(values);
    return values;
  }

  static double relativeError(float[] actual, float[] expected) {
    double scale = 1e-6;
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    }
    return worst / scale;
  }
}
