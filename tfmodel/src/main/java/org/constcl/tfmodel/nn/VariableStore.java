package org.constcl.tfmodel.nn;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Creates and tracks the model's variables. Every variable has a full name ({@code
 * backbone/res2/block0/conv_a/kernel}); its initializer's random seed is derived from the model
 * seed and that name, so weights do not depend on the order in which the graph is built. Keeps the
 * lists the training step needs: trainable variables, kernels (the only ones under weight decay)
 * and non-trainable state. The variable's op is named by its full name too, so a checkpoint
 * stores every tensor under its logical name and another graph can restore any of them by that
 * name ({@link CheckpointVariables}). Stores of one graph are made with {@link #sibling}, which
 * shares the names in use and refuses a name defined twice. Not thread-safe; graph building is
 * single-threaded.
 */
public final class VariableStore {
  private final Ops tf;
  /** The ops of the tower a thread is building (shared by siblings), overriding {@link #tf}. */
  private final ThreadLocal<Ops> towerOps;
  /** The number format of products, shared by siblings (one element: settable after construction). */
  private final Precision[] precision;
  private final long seed;
  /** Variable names of the graph, shared by its stores. */
  private final Set<String> graphNames;
  private final Map<String, Variable<TFloat32>> trainable = new LinkedHashMap<>();
  private final Map<String, Variable<TFloat32>> kernels = new LinkedHashMap<>();
  private final Map<String, Variable<TFloat32>> state = new LinkedHashMap<>();
  private final Map<String, long[]> shapes = new LinkedHashMap<>();
  private final Map<String, Variable<TFloat32>> byName = new LinkedHashMap<>();

  public VariableStore(Ops tf, long seed) {
    this(tf, seed, new HashSet<>(), new ThreadLocal<>(), new Precision[] {Precision.FLOAT32});
  }

  private VariableStore(Ops tf, long seed, Set<String> graphNames, ThreadLocal<Ops> towerOps, Precision[] precision) {
    this.tf = tf;
    this.seed = seed;
    this.graphNames = graphNames;
    this.towerOps = towerOps;
    this.precision = precision;
  }

  /** The number format layers of this store and its siblings compute their products in. */
  public Precision precision() {
    return precision[0];
  }

  /** Sets {@link #precision()} for the layers applied from now on. */
  public VariableStore withPrecision(Precision p) {
    precision[0] = p;
    return this;
  }

  /** Another store in the same graph (its own seed and lists), sharing the names in use. */
  public VariableStore sibling(long siblingSeed) {
    return new VariableStore(tf, siblingSeed, graphNames, towerOps, precision);
  }

  /** The ops layers build with: the calling thread's tower's (see {@link #inTower}), else the store's. */
  public Ops ops() {
    Ops tower = towerOps.get();
    return tower != null ? tower : tf;
  }

  /**
   * Runs {@code body} with {@link #ops()} returning {@code ops} on this thread (for this store and
   * its siblings): layers applied in it build their ops in that tower's name scope and device.
   */
  public <T> T inTower(Ops ops, java.util.function.Supplier<T> body) {
    Ops previous = towerOps.get();
    towerOps.set(ops);
    try {
      return body.get();
    } finally {
      if (previous == null) {
        towerOps.remove();
      } else {
        towerOps.set(previous);
      }
    }
  }

  /** A trainable kernel (conv or dense weights): under weight decay. */
  public Variable<TFloat32> kernel(String name, long[] shape, Initializer init) {
    Variable<TFloat32> v = create(name, shape, init);
    trainable.put(name, v);
    kernels.put(name, v);
    return v;
  }

  /** A trainable parameter that is not a kernel (bias, scale, offset): no weight decay. */
  public Variable<TFloat32> parameter(String name, long[] shape, Initializer init) {
    Variable<TFloat32> v = create(name, shape, init);
    trainable.put(name, v);
    return v;
  }

  /** Non-trainable state (batch-norm moving statistics, optimizer slots). */
  public Variable<TFloat32> state(String name, long[] shape, Initializer init) {
    Variable<TFloat32> v = create(name, shape, init);
    state.put(name, v);
    return v;
  }

  private Variable<TFloat32> create(String name, long[] shape, Initializer init) {
    if (!graphNames.add(name)) {
      throw new IllegalArgumentException("variable " + name + " defined twice");
    }
    shapes.put(name, shape.clone());
    // What Ops.variable(init) builds (a variable and its Assign in the init scope), under the
    // variable's full name without creating the name scopes on its path (see FixedNameScope). The
    // Assign keeps the name Ops.variable gave it, so graphs and SavedModels are unchanged.
    Operand<TFloat32> initial = init.init(tf.withInitScope(), shape, seedFor(name));
    Scope initScope = tf.scope().withInitScope();
    Variable<TFloat32> v = Variable.create(new FixedNameScope(initScope, name), initial.shape(), TFloat32.class);
    Assign.create(new FixedNameScope(initScope, name + "_1"), v, initial);
    if (!v.op().name().equals(name)) {
      throw new IllegalStateException("variable " + name + " was named " + v.op().name() + " in the graph");
    }
    byName.put(name, v);
    return v;
  }

  /** A positive seed from the model seed and the variable name (FNV-1a, 63 bits). */
  long seedFor(String name) {
    long h = 0xcbf29ce484222325L ^ seed;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h ^= b;
      h *= 0x100000001b3L;
    }
    return (h & Long.MAX_VALUE) | 1;
  }

  /** The variable called {@code name}. */
  public Variable<TFloat32> variable(String name) {
    Variable<TFloat32> v = byName.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no variable " + name);
    }
    return v;
  }

  /** Trainable variables in creation order. */
  public List<Variable<TFloat32>> trainable() {
    return List.copyOf(trainable.values());
  }

  /** Names of the trainable variables, in the same order. */
  public List<String> trainableNames() {
    return List.copyOf(trainable.keySet());
  }

  /** Kernels, the variables weight decay applies to. */
  public List<Variable<TFloat32>> kernels() {
    return List.copyOf(kernels.values());
  }

  /** Non-trainable state variables. */
  public List<Variable<TFloat32>> state() {
    return List.copyOf(state.values());
  }

  /** Shape of every variable, by name. */
  public Map<String, long[]> shapes() {
    return Collections.unmodifiableMap(shapes);
  }

  /** Number of trainable parameters whose names start with {@code prefix}. */
  public long trainableCount(String prefix) {
    long n = 0;
    for (String name : trainable.keySet()) {
      if (name.startsWith(prefix)) {
        n += elements(shapes.get(name));
      }
    }
    return n;
  }

  static long elements(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

}
