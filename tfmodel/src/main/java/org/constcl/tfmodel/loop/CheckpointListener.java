package org.constcl.tfmodel.loop;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.constcl.tfmodel.run.CheckpointStore;
import org.constcl.tfmodel.run.Checkpointable;

/** Saves a checkpoint every {@code every} steps and after the last one. */
public final class CheckpointListener implements TrainingListener {
  private final CheckpointStore store;
  private final Checkpointable model;
  private final long every;
  private final String configDigest;
  private final JsonNode config;
  private Path last;

  /**
   * @param every steps between checkpoints (0: only after the last step)
   * @param configDigest digest of the config, checked when a run resumes
   * @param config the config as JSON, kept in each checkpoint
   */
  public CheckpointListener(CheckpointStore store, Checkpointable model, long every, String configDigest, JsonNode config) {
    this.store = store;
    this.model = model;
    this.every = every;
    this.configDigest = configDigest;
    this.config = config;
  }

  @Override
  public void onStep(StepRecord r) throws IOException {
    if ((every > 0 && r.step() % every == 0) || r.last()) {
      last = store.save(model, r.step(), r.nextPosition(), configDigest, config);
    }
  }

  /** The newest checkpoint this run saved, or null. */
  public Path last() {
    return last;
  }
}
