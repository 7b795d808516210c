package org.constcl.tfmodel.nn;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Sets variables of a graph from another graph's TensorFlow checkpoint by logical name: one
 * {@code RestoreV2} of the chosen names (a checkpoint stores each variable under its logical name,
 * see {@link VariableStore}) and one assign per variable, added to the graph once and run with the
 * checkpoint's prefix fed. The tensors go from the checkpoint file to the variables inside
 * TensorFlow: no graph of the other model is built, no value passes through Java arrays.
 */
public final class CheckpointVariables {
  private final List<String> names;
  private final Placeholder<TString> prefix;
  private final Op load;

  /**
   * Adds the restore for every variable of {@code vars} whose name {@code which} accepts.
   *
   * @param what names the loaded part in errors, e.g. {@code "small backbone"}
   */
  public CheckpointVariables(Ops tf, VariableStore vars, Predicate<String> which, String what) {
    List<String> chosen = new ArrayList<>();
    for (String name : vars.shapes().keySet()) {
      if (which.test(name)) {
        chosen.add(name);
      }
    }
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("the " + what + " has no variable to load");
    }
    this.names = Collections.unmodifiableList(chosen);
    Ops scoped = tf.withSubScope("load_checkpoint");
    prefix = scoped.withName("prefix").placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    List<Class<? extends TType>> types = new ArrayList<>();
    String[] slices = new String[chosen.size()];
    for (int i = 0; i < chosen.size(); i++) {
      types.add(TFloat32.class);
      slices[i] = "";
    }
    Restore restored = scoped.train.restore(prefix, scoped.constant(StandardCharsets.UTF_8, chosen.toArray(String[]::new)),
        scoped.constant(StandardCharsets.UTF_8, slices),
        types);
    List<Op> assigns = new ArrayList<>();
    for (int i = 0; i < chosen.size(); i++) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> value = (Operand<TFloat32>) restored.tensors().get(i);
      assigns.add(scoped.assign(vars.variable(chosen.get(i)), value));
    }
    load = scoped.withControlDependencies(assigns).withName("load").noOp();
  }

  /** Logical names of the variables {@link #load} sets, in graph order. */
  public List<String> names() {
    return names;
  }

  /**
   * Sets the variables from the checkpoint whose files are {@code checkpointPrefix.index} and
   * {@code checkpointPrefix.data-*}.
   *
   * @throws IllegalArgumentException with TensorFlow's first line when a variable is missing from
   *     the checkpoint or has another shape there
   */
  public void load(Session session, Path checkpointPrefix) {
    try (TString p = TString.scalarOf(checkpointPrefix.toString());
        Result r = session.runner().feed(prefix, p).addTarget(load).run()) {
      // nothing fetched: the assigns are the point
    } catch (TensorFlowException e) {
      String m = e.getMessage() == null ? e.toString() : e.getMessage();
      int nl = m.indexOf('\n');
      throw new IllegalArgumentException(nl < 0 ? m : m.substring(0, nl), e);
    }
  }
}
