package org.constcl.tfmodel.loop;

import java.io.IOException;
import java.util.List;

/**
 * The one training loop of constcl (pre-training, linear and fine-tuned classification, AVA,
 * tracking): run steps {@code start+1 .. total}, hand each {@link StepRecord} to the listeners,
 * then end them. What a step does (load a batch, run the graph) is the caller's {@link Step};
 * everything else — metrics log, TensorBoard, checkpoints, progress, the non-finite-loss stop — is
 * a {@link TrainingListener}, so the loop stays the same for every model.
 */
public final class TrainingLoop {
  /** One step of a model. */
  @FunctionalInterface
  public interface Step {
    /**
     * Runs step {@code step} (1-based) of {@code total}.
     *
     * @return what the listeners see
     */
    StepRecord run(long step, long total) throws IOException;
  }

  private TrainingLoop() {}

  /**
   * Runs steps after {@code start} up to {@code total}.
   *
   * @return the last step's record, or null when {@code start >= total} (nothing to do)
   */
  public static StepRecord run(long start, long total, Step step, List<? extends TrainingListener> listeners)
      throws IOException {
    StepRecord last = null;
    for (long s = start + 1; s <= total; s++) {
      last = step.run(s, total);
      for (TrainingListener l : listeners) {
        l.onStep(last);
      }
    }
    for (TrainingListener l : listeners) {
      l.onEnd();
    }
    return last;
  }
}
