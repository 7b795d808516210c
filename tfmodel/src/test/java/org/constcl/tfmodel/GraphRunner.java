package org.constcl.tfmodel;

import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Builds a small graph, runs it once and returns its float output. */
public final class GraphRunner {
  private GraphRunner() {}

  /** The values of {@code build}'s result, flattened. */
  public static float[] run(Function<Ops, Operand<TFloat32>> build) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Operand<TFloat32> out = build.apply(Ops.create(g));
      s.initialize();
      try (Result r = s.runner().fetch(out).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        float[] values = new float[(int) t.shape().size()];
        t.asRawTensor().data().asFloats().read(values);
        return values;
      }
    }
  }
}
