package org.constcl.workflows.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.constcl.eval.dataset.AvaSetMaker;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code constcl datasets make-ava}: an AVA-format localisation set with actions tied to motion, from real videos. */
@Command(name = "make-ava", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Cut an AVA-format set from real videos: textured patches move over the frames, and each keyframe"
        + " labels them with their motion (move left/right/up/down, stand still). frames/<video>/<video>_NNNNNN.jpg,"
        + " annotations/ava_{train,val}_v2.2.csv, the label map, excluded timestamps, jittered person boxes. Deterministic."})
final class DatasetsMakeAvaCommand implements Callable<Integer> {
  @Option(names = "--videos", required = true, paramLabel = "<dir>", description = "Folder of source videos (at least two).")
  Path videos;

  @Option(names = "--output", required = true, paramLabel = "<dir>", description = "Dataset root to create (empty).")
  Path output;

  @Option(names = "--keyframes", defaultValue = "4", paramLabel = "<n>", description = "Keyframes per video (default 4).")
  int keyframes;

  @Option(names = "--fps", defaultValue = "8", paramLabel = "<n>", description = "Stored frames per second (default 8).")
  int fps;

  @Option(names = "--short-side", defaultValue = "128", paramLabel = "<px>", description = "Frame short side (default 128).")
  int shortSide;

  @Option(names = "--actors", defaultValue = "2", paramLabel = "<n>", description = "Moving patches per video (default 2).")
  int actors;

  @Option(names = "--val-fraction", defaultValue = "0.5", paramLabel = "<f>", description = "Videos in val (default 0.5).")
  double valFraction;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "<n>", description = "Seed (default 1).")
  long seed;

  private final Console console;

  @Inject
  DatasetsMakeAvaCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws IOException {
    List<Path> files = VideoFolder.list(videos);
    AvaSetMaker.Made made;
    try {
      made = AvaSetMaker.make(files, output, new AvaSetMaker.Settings(keyframes, fps, shortSide, actors, valFraction, seed));
    } catch (IllegalArgumentException | IOException e) {
      throw CliException.usage(e.getMessage());
    }
    console.out().printf("wrote %s: %d train and %d val videos, %d labelled boxes; val: %s%n", output, made.train().size(),
        made.val().size(), made.boxes(), String.join(", ", made.val()));
    if (!made.skipped().isEmpty()) {
      console.out().printf("skipped (too short): %s%n", made.skipped());
    }
    console.out().flush();
    return ExitCodes.OK;
  }
}
