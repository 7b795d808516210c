package org.constcl.eval.run;

/** Stops a fine-tuning whose loss is no longer finite, saying where and what to change. */
public final class Divergence {
  private Divergence() {}

  /** @throws EvalException when {@code loss} is NaN or infinite */
  public static void check(float loss, long step, float learningRate) throws EvalException {
    if (!Float.isFinite(loss)) {
      throw EvalException.failed("training diverged: the loss is " + loss + " at step " + step + " (learning rate "
          + learningRate + "); lower --learning-rate or raise --batch", null);
    }
  }
}
