package org.constcl.tfmodel.train;

import java.util.ArrayList;
import java.util.List;
import org.constcl.tfmodel.nn.Initializer;
import org.constcl.tfmodel.nn.VariableStore;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * SGD with momentum (TensorFlow's ApplyMomentum: {@code accum = m · accum + g; w -= lr · accum},
 * Nesterov off), optionally with LARS: each kernel's gradient is scaled by the trust ratio
 * {@code η ‖w‖ / ‖g‖} (1 when either norm is 0); biases and normalisation parameters are left
 * unscaled, as is usual. Momentum slots live under {@code optimizer/}.
 *
 * @param momentum momentum coefficient
 * @param lars whether to apply the LARS trust ratio
 * @param larsEta LARS trust coefficient η
 */
public record MomentumOptimizer(float momentum, boolean lars, float larsEta) {

  /** Plain momentum SGD. */
  public static MomentumOptimizer sgd(float momentum) {
    return new MomentumOptimizer(momentum, false, 0f);
  }

  /**
   * Creates a momentum slot for every trainable variable of {@code vars}. Call it while the graph is
   * small (before the forward pass): registering a variable's initializer costs time proportional
   * to the graph's size.
   */
  public Slots createSlots(VariableStore vars) {
    List<Variable<TFloat32>> accumulators = new ArrayList<>();
    for (String name : vars.trainableNames()) {
      long[] shape = vars.shapes().get(name);
      accumulators.add(vars.state("optimizer/" + name + "/momentum", shape, Initializer.constant(0f)));
    }
    return new Slots(vars.trainableNames(), vars.trainable(), vars.kernels(), accumulators);
  }

  /** Momentum accumulators, one per trainable variable, in the store's order. */
  public record Slots(List<String> names, List<Variable<TFloat32>> variables, List<Variable<TFloat32>> kernels,
      List<Variable<TFloat32>> accumulators) {}

  /**
   * The update ops of one step with {@code gradients} (in the slots' variable order), built with
   * {@code tf} so a caller can put them under control dependencies.
   */
  public List<Op> apply(Ops tf, Slots slots, Output<?>[] gradients, Operand<TFloat32> learningRate) {
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < slots.variables().size(); i++) {
      Variable<TFloat32> w = slots.variables().get(i);
      if (gradients[i] == null) {
        throw new IllegalStateException("no gradient reaches " + slots.names().get(i));
      }
      @SuppressWarnings("unchecked")
      Operand<TFloat32> g = (Operand<TFloat32>) gradients[i];
      if (lars && slots.kernels().contains(w)) {
        g = tf.math.mul(g, trustRatio(tf, w, g));
      }
      updates.add(tf.train.applyMomentum(w, slots.accumulators().get(i), learningRate, g, tf.constant(momentum)));
    }
    return updates;
  }

  /**
   * The whole training step as one op named {@code name}: gradients of {@code loss} for every
   * variable of {@code slots}, momentum updates, the state updates of the forward pass (batch-norm
   * moving averages) and {@code step} += 1. Variables are updated in place and backward ops of
   * other variables read them (the input gradient of a conv reads its kernel), so every update waits
   * for every gradient and for the {@code reported} values, or results would depend on op
   * scheduling.
   */
  public Op minimize(Ops tf, Graph graph, Operand<TFloat32> loss, List<Slots> slots, Operand<TFloat32> learningRate,
      List<? extends Operand<?>> reported, List<Op> stateUpdates, Variable<TFloat32> step, String name) {
    List<Variable<TFloat32>> trained = new ArrayList<>();
    slots.forEach(s -> trained.addAll(s.variables()));
    Output<?>[] xs = new Output<?>[trained.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = trained.get(i).asOutput();
    }
    Output<?>[] gradients = graph.addGradients(loss.asOutput(), xs);
    List<org.tensorflow.Operation> computed = new ArrayList<>();
    for (Output<?> g : gradients) {
      if (g != null) {
        computed.add(g.op());
      }
    }
    for (Operand<?> r : reported) {
      computed.add(r.op());
    }
    Ops after = tf.withControlDependencyOps(computed);
    List<Op> updates = new ArrayList<>();
    int offset = 0;
    for (Slots s : slots) {
      Output<?>[] part = java.util.Arrays.copyOfRange(gradients, offset, offset + s.variables().size());
      updates.addAll(apply(after, s, part, learningRate));
      offset += s.variables().size();
    }
    List<Op> all = new ArrayList<>(stateUpdates);
    all.add(tf.withControlDependencies(updates).assignAdd(step, tf.constant(1f)));
    return tf.withControlDependencies(all).withName(name).noOp();
  }

  private Operand<TFloat32> trustRatio(Ops tf, Operand<TFloat32> w, Operand<TFloat32> g) {
    Operand<TFloat32> wNorm = tf.math.sqrt(tf.sum(tf.math.square(w), allAxes(tf, w)));
    Operand<TFloat32> gNorm = tf.math.sqrt(tf.sum(tf.math.square(g), allAxes(tf, g)));
    Operand<TFloat32> ratio = tf.math.divNoNan(tf.math.mul(tf.constant(larsEta), wNorm), gNorm);
    Operand<TFloat32> zero = tf.constant(0f);
    return tf.select(tf.math.logicalAnd(tf.math.greater(wNorm, zero), tf.math.greater(gNorm, zero)), ratio, tf.constant(1f));
  }

  private static Operand<org.tensorflow.types.TInt32> allAxes(Ops tf, Operand<TFloat32> x) {
    int rank = x.shape().numDimensions();
    int[] axes = new int[rank];
    for (int i = 0; i < rank; i++) {
      axes[i] = i;
    }
    return tf.constant(axes);
  }
}
