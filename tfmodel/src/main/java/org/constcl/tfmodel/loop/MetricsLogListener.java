package org.constcl.tfmodel.loop;

import java.io.IOException;
import org.constcl.tfmodel.run.RunLayout;

/** Writes every step's scalars to the run's {@code metrics.jsonl} ({@link MetricsLog}). */
public final class MetricsLogListener implements TrainingListener, AutoCloseable {
  private final MetricsLog log;

  /** Opens the log; a resumed run ({@code resumeStep > 0}) first drops the lines after its checkpoint. */
  public MetricsLogListener(RunLayout run, long resumeStep) throws IOException {
    this.log = new MetricsLog(run.metrics(), resumeStep);
  }

  @Override
  public void onStep(StepRecord r) throws IOException {
    log.write(r.step(), r.scalars());
  }

  @Override
  public void close() throws IOException {
    log.close();
  }
}
