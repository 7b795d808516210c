package org.constcl.tfmodel.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Variables are stored under their logical names and another graph restores a subset of them by name. */
class CheckpointVariablesTest {
  @TempDir Path dir;

  @Test
  void aCheckpointHoldsLogicalNamesAndAnotherGraphLoadsBackboneVariablesByName() throws Exception {
    Path prefix = dir.resolve("ckpt/variables");
    float[] kernel;
    float[] mean;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore head = new VariableStore(tf, 7);
      head.parameter("head/bias", new long[] {2}, Initializer.constant(0.5f)); // created first: no name shift
      VariableStore backbone = head.sibling(1);
      backbone.kernel("backbone/stem/conv/kernel", new long[] {2, 3}, Initializer.glorotUniform());
      backbone.state("backbone/stem/bn/moving_mean", new long[] {3}, Initializer.constant(0.25f));
      backbone.parameter("backbone/stem/bn/gamma", new long[] {3}, Initializer.constant(1f));
      assertThat(backbone.variable("backbone/stem/conv/kernel").op().name()).isEqualTo("backbone/stem/conv/kernel");
      assertThat(head.variable("head/bias").op().name()).isEqualTo("head/bias");
      assertThatThrownBy(() -> head.parameter("backbone/stem/bn/gamma", new long[] {3}, Initializer.constant(1f)))
          .hasMessageContaining("defined twice");
      s.initialize();
      kernel = fetch(s, backbone, "backbone/stem/conv/kernel");
      mean = fetch(s, backbone, "backbone/stem/bn/moving_mean");
      s.save(prefix.toString());
    }

    // Another graph, other creation order and other seeds: only the backbone is loaded, by name.
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore vars = new VariableStore(tf, 99);
      vars.state("backbone/stem/bn/moving_mean", new long[] {3}, Initializer.constant(0f));
      vars.kernel("backbone/stem/conv/kernel", new long[] {2, 3}, Initializer.glorotUniform());
      vars.parameter("classifier/logits/kernel", new long[] {3, 4}, Initializer.constant(0f));
      CheckpointVariables load = new CheckpointVariables(tf, vars, n -> n.startsWith("backbone/"), "test backbone");
      assertThat(load.names()).containsExactly("backbone/stem/bn/moving_mean", "backbone/stem/conv/kernel");
      s.initialize();
      load.load(s, prefix);
      assertThat(fetch(s, vars, "backbone/stem/conv/kernel")).containsExactly(kernel);
      assertThat(fetch(s, vars, "backbone/stem/bn/moving_mean")).containsExactly(mean);
      assertThat(fetch(s, vars, "classifier/logits/kernel")).containsOnly(0f);
    }

    // A variable the checkpoint lacks, and one of another shape: one clear line each.
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore vars = new VariableStore(tf, 1);
      vars.kernel("backbone/res2/conv/kernel", new long[] {2}, Initializer.constant(0f));
      CheckpointVariables load = new CheckpointVariables(tf, vars, n -> true, "test backbone");
      s.initialize();
      assertThatThrownBy(() -> load.load(s, prefix)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("backbone/res2/conv/kernel").hasMessageNotContaining("\n");
    }
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore vars = new VariableStore(tf, 1);
      vars.kernel("backbone/stem/conv/kernel", new long[] {3, 3}, Initializer.constant(0f));
      CheckpointVariables load = new CheckpointVariables(tf, vars, n -> true, "test backbone");
      s.initialize();
      assertThatThrownBy(() -> load.load(s, prefix)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("shape");
    }
  }

  private static float[] fetch(Session s, VariableStore vars, String name) {
    try (Result r = s.runner().fetch(vars.variable(name)).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] v = new float[(int) t.shape().size()];
      t.asRawTensor().data().asFloats().read(v);
      return v;
    }
  }
}
