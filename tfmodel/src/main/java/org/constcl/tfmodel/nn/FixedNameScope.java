package org.constcl.tfmodel.nn;

import org.tensorflow.DeviceSpec;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.Operation;
import org.tensorflow.OperationBuilder;
import org.tensorflow.op.Scope;

/**
 * A scope that names the one op built in it {@code name}, a full path such as {@code
 * backbone/res2/block0/conv_a/kernel}, and otherwise behaves as {@code base} (init scope, device,
 * control dependencies). TensorFlow Java's own sub-scopes walk every op of the graph when created
 * (to learn the names in use), so one sub-scope per variable made building a model quadratic in
 * its size: 4 s of the cpu-small training stage's start-up. The caller guarantees the name is free
 * (TensorFlow refuses a duplicate).
 */
final class FixedNameScope implements Scope {
  private final Scope base;
  private final String name;

  FixedNameScope(Scope base, String name) {
    this.base = base;
    this.name = name;
  }

  @Override
  public ExecutionEnvironment env() {
    return base.env();
  }

  @Override
  public String makeOpName(String defaultName) {
    return name;
  }

  @Override
  public String makeUnique(String id) {
    return base.makeUnique(id);
  }

  @Override
  public void refreshNames() {
    base.refreshNames();
  }

  @Override
  public Scope withInitScope() {
    return new FixedNameScope(base.withInitScope(), name);
  }

  @Override
  public Scope withDevice(DeviceSpec deviceSpec) {
    return new FixedNameScope(base.withDevice(deviceSpec), name);
  }

  @Override
  public Scope withControlDependencyOps(Iterable<Operation> controls) {
    return new FixedNameScope(base.withControlDependencyOps(controls), name);
  }

  @Override
  public Scope withSubScope(String childScopeName) {
    throw new UnsupportedOperationException("a fixed-name scope builds one op");
  }

  @Override
  public Scope withName(String opName) {
    throw new UnsupportedOperationException("a fixed-name scope builds one op");
  }

  @Override
  public Scope withNameAsSubScope(String defaultName) {
    throw new UnsupportedOperationException("a fixed-name scope builds one op");
  }

  @Override
  public OperationBuilder apply(OperationBuilder builder) {
    return base.apply(builder);
  }

  @Override
  public String getDeviceString() {
    return base.getDeviceString();
  }

  @Override
  public boolean isInit() {
    return base.isInit();
  }
}
