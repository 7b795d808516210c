package org.constcl.eval.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.constcl.tfmodel.backbone.R3dBackbone;
import org.constcl.tfmodel.nn.VariableStore;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Sets a downstream graph's backbone variables (weights and moving statistics) to pre-trained
 * values by logical name: one feed and one assign per variable, added to the graph once. Optimizer
 * slots created in the same store start at zero.
 */
public final class BackboneLoader {
  private final VariableStore vars;
  private final String what;
  private final Map<String, Placeholder<TFloat32>> inputs = new LinkedHashMap<>();
  private final Op load;

  /** Adds the assigns for every variable under {@code backbone/} in {@code vars}; {@code what} names the model in errors. */
  public BackboneLoader(Ops tf, VariableStore vars, String what) {
    this.vars = vars;
    this.what = what;
    List<Op> assigns = new ArrayList<>();
    for (Map.Entry<String, long[]> e : vars.shapes().entrySet()) {
      if (e.getKey().startsWith(R3dBackbone.SCOPE + "/")) {
        Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(e.getValue())));
        inputs.put(e.getKey(), in);
        assigns.add(tf.assign(vars.variable(e.getKey()), in));
      }
    }
    load = tf.withControlDependencies(assigns).withName("load_backbone").noOp();
  }

  /** Logical names of the variables {@link #load} sets. */
  public List<String> names() {
    return List.copyOf(inputs.keySet());
  }

  /**
   * Assigns {@code values} in {@code session}.
   *
   * @throws IllegalArgumentException naming a variable that is missing or of another size
   */
  public void load(Session session, Map<String, float[]> values) {
    Session.Runner runner = session.runner();
    List<TFloat32> tensors = new ArrayList<>();
    try {
      for (Map.Entry<String, Placeholder<TFloat32>> e : inputs.entrySet()) {
        String name = e.getKey();
        float[] v = values.get(name);
        Shape shape = Shape.of(vars.shapes().get(name));
        if (v == null) {
          throw new IllegalArgumentException("the pre-trained model has no variable " + name);
        }
        if (v.length != shape.size()) {
          throw new IllegalArgumentException("variable " + name + " holds " + v.length + " values, the " + what
              + " expects " + shape);
        }
        TFloat32 t = TFloat32.tensorOf(shape, DataBuffers.of(v, true, false));
        tensors.add(t);
        runner.feed(e.getValue(), t);
      }
      runner.addTarget(load).run();
    } finally {
      tensors.forEach(TFloat32::close);
    }
  }
}
