package org.constcl.tfmodel.loop;

import java.io.IOException;

/**
 * A side effect of training (logging, checkpoints, progress, stopping on divergence): the loop
 * calls every listener after each step, in the order they were given, and once at the end.
 */
public interface TrainingListener {
  /** After step {@code r.step()}; an exception stops the run (later listeners do not see the step). */
  default void onStep(StepRecord r) throws IOException {}

  /** After the last step (not called when the run stopped on an exception). */
  default void onEnd() throws IOException {}
}
