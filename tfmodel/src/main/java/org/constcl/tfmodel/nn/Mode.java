package org.constcl.tfmodel.nn;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.op.Op;

/**
 * Whether a graph path is built for training (batch statistics, dropout on, batch-norm moving
 * averages updated) or for inference (moving statistics, no dropout). A training path collects the
 * update ops that must run with every training step.
 */
public final class Mode {
  private final boolean training;
  private final List<Op> updates = new ArrayList<>();

  private Mode(boolean training) {
    this.training = training;
  }

  public static Mode training() {
    return new Mode(true);
  }

  public static Mode inference() {
    return new Mode(false);
  }

  public boolean isTraining() {
    return training;
  }

  void addUpdate(Op op) {
    if (!training) {
      throw new IllegalStateException("an inference path has no state updates");
    }
    updates.add(op);
  }

  /** The state updates (batch-norm moving averages) a training step must run. */
  public List<Op> updates() {
    return List.copyOf(updates);
  }
}
