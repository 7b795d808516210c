package org.constcl.tfmodel.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Variables made without TensorFlow's sub-scopes build the same graph as {@code Ops.variable}. */
class VariableStoreTest {
  @Test
  void variablesGetTheOpsAndNamesOpsVariableGivesThemAndAreInitialised() {
    List<String> viaStore;
    float[] storeValue;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      VariableStore vars = new VariableStore(Ops.create(g), 3);
      vars.kernel("backbone/res2/block0/conv_a/kernel", new long[] {3, 4}, Initializer.glorotUniform());
      vars.state("optimizer/backbone/res2/block0/conv_a/kernel/momentum", new long[] {3, 4}, Initializer.constant(0f));
      viaStore = opNames(g);
      s.initialize();
      storeValue = value(s, "backbone/res2/block0/conv_a/kernel");
    }
    List<String> viaOps;
    float[] opsValue;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore seeds = new VariableStore(tf, 3);
      String a = "backbone/res2/block0/conv_a/kernel";
      String b = "optimizer/backbone/res2/block0/conv_a/kernel/momentum";
      tf.withSubScope("backbone").withSubScope("res2").withSubScope("block0").withSubScope("conv_a").withName("kernel")
          .variable(Initializer.glorotUniform().init(tf.withInitScope(), new long[] {3, 4}, seeds.seedFor(a)));
      tf.withSubScope("optimizer").withSubScope("backbone").withSubScope("res2").withSubScope("block0")
          .withSubScope("conv_a").withSubScope("kernel").withName("momentum")
          .variable(Initializer.constant(0f).init(tf.withInitScope(), new long[] {3, 4}, seeds.seedFor(b)));
      viaOps = opNames(g);
      s.initialize();
      opsValue = value(s, a);
    }
    assertThat(viaStore).containsExactlyInAnyOrderElementsOf(viaOps)
        .contains("backbone/res2/block0/conv_a/kernel", "backbone/res2/block0/conv_a/kernel_1");
    assertThat(storeValue).containsExactly(opsValue);
  }

  private static List<String> opNames(Graph g) {
    List<String> names = new ArrayList<>();
    for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ) {
      names.add(it.next().name());
    }
    return names;
  }

  private static float[] value(Session s, String name) {
    try (TFloat32 t = (TFloat32) s.runner().fetch(name).run().get(0)) {
      float[] v = new float[(int) t.shape().size()];
      t.asRawTensor().data().asFloats().read(v);
      return v;
    }
  }
}
