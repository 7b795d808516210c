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
  private final TowerGroup.Member tower;
  private final boolean syncBatchNorm;
  private final List<Op> updates = new ArrayList<>();

  private Mode(boolean training, TowerGroup.Member tower, boolean syncBatchNorm) {
    this.training = training;
    this.tower = tower;
    this.syncBatchNorm = syncBatchNorm;
  }

  public static Mode training() {
    return new Mode(true, null, false);
  }

  /**
   * Training in one tower of a replicated graph: with {@code syncBatchNorm} batch norm normalises
   * with the statistics of every tower's batch, else with the tower's own; either way the moving
   * averages are updated once per step.
   */
  public static Mode training(TowerGroup.Member tower, boolean syncBatchNorm) {
    return new Mode(true, tower, syncBatchNorm);
  }

  public static Mode inference() {
    return new Mode(false, null, false);
  }

  /** The tower this path belongs to when there are several, else null. */
  TowerGroup.Member replicated() {
    return tower != null && tower.towers() > 1 ? tower : null;
  }

  boolean syncBatchNorm() {
    return syncBatchNorm;
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
