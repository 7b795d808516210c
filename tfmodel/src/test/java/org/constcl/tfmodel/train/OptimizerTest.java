package org.constcl.tfmodel.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.constcl.tfmodel.GraphRunner;
import org.constcl.tfmodel.nn.VariableStore;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class OptimizerTest {
  @Test
  void scheduleWarmsUpLinearlyThenFollowsTheCosineOfTheGlobalStep() {
    LearningRateSchedule s = new LearningRateSchedule(40.96f, 2500, 100_000);
    double base = 40.96f; // the schedule holds a float
    double cos2500 = base * 0.5 * (1 + Math.cos(Math.PI * 2500 / 100_000));
    assertThat(s.at(0)).isZero();
    assertThat(s.at(1250)).isCloseTo(0.5 * cos2500, within(1e-9));
    assertThat(s.at(2500)).isCloseTo(cos2500, within(1e-9));
    assertThat(s.at(50_000)).isCloseTo(base / 2, within(1e-9));
    assertThat(s.at(100_000)).isCloseTo(0, within(1e-12));
    assertThat(s.at(150_000)).isCloseTo(0, within(1e-12));
    for (long step : new long[] {0, 1, 1250, 2499, 2500, 2501, 50_000, 99_999, 100_000, 120_000}) {
      float graph = GraphRunner.run(tf -> s.apply(tf, tf.constant((float) step)))[0];
      assertThat((double) graph).as("step %d", step).isCloseTo(s.at(step), within(1e-5 * 40.96));
    }
  }

  @Test
  void momentumAndLarsStepsMatchHandComputation() {
    for (boolean lars : new boolean[] {false, true}) {
      try (Graph g = new Graph(); Session sess = new Session(g)) {
        Ops tf = Ops.create(g);
        VariableStore vars = new VariableStore(tf, 1);
        Variable<TFloat32> w = vars.kernel("w/kernel", new long[] {2}, (init, shape, seed) -> init.constant(new float[] {3f, 4f}));
        MomentumOptimizer opt = new MomentumOptimizer(0.9f, lars, 0.5f);
        MomentumOptimizer.Slots slots = opt.createSlots(vars);
        // loss = 0.5 * sum(w * c): gradient c = (0.5, 1.0), norm sqrt(1.25); ||w|| = 5
        var loss = tf.sum(tf.math.mul(w, tf.constant(new float[] {0.5f, 1f})), tf.constant(0));
        Output<?>[] grads = g.addGradients(loss.asOutput(), new Output<?>[] {w.asOutput()});
        List<Op> updates = opt.apply(tf, slots, grads, tf.constant(0.1f));
        sess.initialize();
        for (int step = 0; step < 2; step++) {
          sess.runner().addTarget(updates.get(0)).run().close();
        }
        double trust = lars ? 0.5 * 5 / Math.sqrt(1.25) : 1; // trust from the first step's ||w||
        try (Result r = sess.runner().fetch(w).run()) {
          float w0 = ((TFloat32) r.get(0)).getFloat(0);
          if (!lars) {
            // accum: g, then 0.9 g + g; w -= 0.1 * accum each step → 3 - 0.1 * 0.5 * (1 + 1.9)
            assertThat(w0).isCloseTo(3f - 0.1f * 0.5f * 2.9f, within(1e-6f));
          } else {
            double w1 = 3 - 0.1 * 0.5 * trust;
            double w1b = 4 - 0.1 * 1.0 * trust;
            double trust2 = 0.5 * Math.sqrt(w1 * w1 + w1b * w1b) / Math.sqrt(1.25);
            double accum = 0.9 * 0.5 * trust + 0.5 * trust2;
            assertThat((double) w0).isCloseTo(w1 - 0.1 * accum, within(1e-5));
          }
        }
      }
    }
  }

}
