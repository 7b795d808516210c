package org.constcl.tfmodel.loop;

import java.util.Map;

/**
 * One training step as listeners see it.
 *
 * @param step steps done, this one included (1-based: the first step is 1)
 * @param totalSteps steps the run will have done when it finishes
 * @param loss the step's total loss (what the metrics log calls {@code loss})
 * @param learningRate the learning rate the step applied
 * @param scalars every value to log, {@code loss} and {@code learning_rate} first, in log order
 * @param nextPosition where the data continues after this step (resumed runs start there)
 */
public record StepRecord(long step, long totalSteps, double loss, double learningRate, Map<String, Double> scalars,
    long nextPosition) {
  /** Whether this is the run's last step. */
  public boolean last() {
    return step == totalSteps;
  }
}
