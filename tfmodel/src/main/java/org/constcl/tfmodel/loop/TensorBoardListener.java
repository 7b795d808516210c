package org.constcl.tfmodel.loop;

import java.io.IOException;
import java.nio.file.Path;
import org.constcl.tfmodel.run.RunLayout;

/** Writes every step's scalars to a new TensorBoard event file under the run's {@code events/}. */
public final class TensorBoardListener implements TrainingListener, AutoCloseable {
  private final EventFileWriter events;
  private final Path root;

  public TensorBoardListener(RunLayout run) throws IOException {
    this.events = new EventFileWriter(run.events());
    this.root = run.root();
  }

  /** The event file, relative to the run folder. */
  public String file() {
    return root.relativize(events.file()).toString();
  }

  @Override
  public void onStep(StepRecord r) throws IOException {
    events.scalars(r.step(), r.scalars());
  }

  @Override
  public void close() throws IOException {
    events.close();
  }
}
