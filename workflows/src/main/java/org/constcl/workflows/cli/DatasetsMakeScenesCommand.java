package org.constcl.workflows.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.constcl.eval.dataset.SceneSetMaker;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code constcl datasets make-scenes}: a retrieval set labelled by scene, queries and gallery from disjoint times. */
@Command(name = "make-scenes", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Cut a retrieval set from real videos whose label is content, not motion: each video is a class; its"
        + " first clips form the train split (the gallery), its last clips the test split (the queries), one window"
        + " apart. UCF101 layout (<Class>/v_<Class>_g01_cNN.avi, ucfTrainTestlist/). Deterministic."})
final class DatasetsMakeScenesCommand implements Callable<Integer> {
  @Option(names = "--videos", required = true, paramLabel = "<dir>", description = "Folder of source videos (at least two).")
  Path videos;

  @Option(names = "--output", required = true, paramLabel = "<dir>", description = "Dataset root to create (empty).")
  Path output;

  @Option(names = "--clip-frames", defaultValue = "32", paramLabel = "<n>", description = "Frames per clip (default 32).")
  int clipFrames;

  @Option(names = "--short-side", defaultValue = "128", paramLabel = "<px>", description = "Frame short side (default 128).")
  int shortSide;

  @Option(names = "--clips-per-video", defaultValue = "8", paramLabel = "<n>",
      description = "Clips per video at most, both splits (default 8).")
  int clipsPerVideo;

  @Option(names = "--test-fraction", defaultValue = "0.4", paramLabel = "<f>",
      description = "Share of each video's clips, its last ones, in the test split (default 0.4).")
  double testFraction;

  private final Console console;

  @Inject
  DatasetsMakeScenesCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws IOException {
    SceneSetMaker.Made made;
    try {
      made = SceneSetMaker.make(VideoFolder.list(videos), output,
          new SceneSetMaker.Settings(clipFrames, shortSide, clipsPerVideo, testFraction));
    } catch (IllegalArgumentException | IOException e) {
      throw CliException.usage(e.getMessage());
    }
    console.out().printf("wrote %s (UCF101 layout): %d scenes, %d gallery and %d query clips: %s%n", output,
        made.classes().size(), made.trainClips(), made.testClips(), String.join(", ", made.classes()));
    if (!made.skipped().isEmpty()) {
      console.out().printf("skipped (too short): %s%n", made.skipped());
    }
    console.out().flush();
    return ExitCodes.OK;
  }
}
