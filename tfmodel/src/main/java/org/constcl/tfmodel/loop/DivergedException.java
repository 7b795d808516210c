package org.constcl.tfmodel.loop;

import java.io.IOException;

/** The loss stopped being a finite number: the run stops at that step and saves nothing of it. */
public final class DivergedException extends IOException {
  private static final long serialVersionUID = 1L;
  private final long step;
  private final double loss;
  private final double learningRate;

  public DivergedException(long step, double loss, double learningRate) {
    super("the loss became " + loss + " at step " + step + " (learning rate " + learningRate + ")");
    this.step = step;
    this.loss = loss;
    this.learningRate = learningRate;
  }

  public long step() {
    return step;
  }

  public double loss() {
    return loss;
  }

  public double learningRate() {
    return learningRate;
  }
}
