package org.constcl.tfmodel.loop;

import java.io.IOException;

/** The loss stopped being a finite number: the run stops at that step and saves nothing of it. */
public final class DivergedException extends IOException {
  private static final long serialVersionUID = 1L;

  public DivergedException(long step, double loss, double learningRate) {
    super("the loss became " + loss + " at step " + step + " (learning rate " + learningRate + ")");
  }
}
