package org.constcl.tfmodel.trainer;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * One {@code constcl train} invocation.
 *
 * @param config the validated config
 * @param clips the clip dataset
 * @param boxes the box dataset for {@code data.region_source: boxes}, else null
 * @param output the run folder
 * @param resume require an existing checkpoint to resume from
 * @param force discard an existing run whose config differs, and start over
 * @param progress where the progress line goes
 * @param interactive redraw the progress line in place
 * @param validationClips a clip dataset of held-out clips for {@code validation.every}, or null
 */
public record TrainRequest(TrainConfig config, Path clips, Path boxes, Path output, boolean resume, boolean force,
    PrintStream progress, boolean interactive, Path validationClips) {
  /** A request without separate validation clips. */
  public TrainRequest(TrainConfig config, Path clips, Path boxes, Path output, boolean resume, boolean force,
      PrintStream progress, boolean interactive) {
    this(config, clips, boxes, output, resume, force, progress, interactive, null);
  }
}
