package org.constcl.workflows.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.constcl.eval.dataset.TrackingSetMaker;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code constcl datasets make-tracking}: OTB- or GOT-10k-format sequences with exact boxes from real videos. */
@Command(name = "make-tracking", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Cut tracking sequences from real videos: a textured patch from another video moves over each video's"
        + " frames along a seeded path, so its box is exact. OTB layout (<Seq>/img, groundtruth_rect.txt) or GOT-10k"
        + " layout (train/list.txt, GOT-10k_Train_NNNNNN/). Deterministic."})
final class DatasetsMakeTrackingCommand implements Callable<Integer> {
  @Option(names = "--videos", required = true, paramLabel = "<dir>", description = "Folder of source videos (at least two).")
  Path videos;

  @Option(names = "--output", required = true, paramLabel = "<dir>", description = "Dataset root to create (empty).")
  Path output;

  @Option(names = "--layout", defaultValue = "otb", paramLabel = "<otb|got10k>", description = "Layout (default: otb).")
  String layout;

  @Option(names = "--frames", defaultValue = "48", paramLabel = "<n>", description = "Frames per sequence (default 48).")
  int frames;

  @Option(names = "--short-side", defaultValue = "128", paramLabel = "<px>", description = "Frame short side (default 128).")
  int shortSide;

  @Option(names = "--patch", defaultValue = "0.25", paramLabel = "<f>", description = "Patch side / short side (default 0.25).")
  double patch;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "<n>", description = "Seed of sizes and paths (default 1).")
  long seed;

  private final Console console;

  @Inject
  DatasetsMakeTrackingCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws IOException {
    TrackingSetMaker.Layout l = switch (layout) {
      case "otb" -> TrackingSetMaker.Layout.OTB;
      case "got10k" -> TrackingSetMaker.Layout.GOT10K;
      default -> throw CliException.usage("unknown --layout " + layout + " (otb, got10k)");
    };
    List<Path> files = VideoFolder.list(videos);
    TrackingSetMaker.Made made;
    try {
      made = TrackingSetMaker.make(files, output, new TrackingSetMaker.Settings(frames, shortSide, patch, seed), l);
    } catch (IllegalArgumentException | IOException e) {
      throw CliException.usage(e.getMessage());
    }
    console.out().printf("wrote %s (%s layout): %d sequences of %d frames: %s%n", output, layout, made.sequences().size(),
        frames, String.join(", ", made.sequences()));
    if (!made.skipped().isEmpty()) {
      console.out().printf("skipped (too short): %s%n", made.skipped());
    }
    console.out().flush();
    return ExitCodes.OK;
  }
}
