package org.constcl.workflows.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.constcl.eval.dataset.DavisSetMaker;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code constcl datasets make-davis}: DAVIS-2017-layout segmentation sequences with exact masks from real videos. */
@Command(name = "make-davis", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Cut video object segmentation sequences from real videos: elliptical patches textured from other"
        + " videos move, scale and occlude each other over each video's frames, so every mask is exact. DAVIS-2017 layout"
        + " (JPEGImages/480p/<seq>/, Annotations/480p/<seq>/ palette PNGs, ImageSets/2017/val.txt). Deterministic."})
final class DatasetsMakeDavisCommand implements Callable<Integer> {
  @Option(names = "--videos", required = true, paramLabel = "<dir>", description = "Folder of source videos (at least two).")
  Path videos;

  @Option(names = "--output", required = true, paramLabel = "<dir>", description = "Dataset root to create (empty).")
  Path output;

  @Option(names = "--frames", defaultValue = "40", paramLabel = "<n>", description = "Frames per sequence (default 40).")
  int frames;

  @Option(names = "--short-side", defaultValue = "240", paramLabel = "<px>", description = "Frame short side (default 240).")
  int shortSide;

  @Option(names = "--objects", defaultValue = "2", paramLabel = "<n>", description = "Patches per sequence, 1-8 (default 2).")
  int objects;

  @Option(names = "--patch", defaultValue = "0.3", paramLabel = "<f>", description = "Patch diameter / short side (default 0.3).")
  double patch;

  @Option(names = "--per-video", defaultValue = "1", paramLabel = "<n>",
      description = "Sequences cut from each video, from consecutive windows of --frames (default 1).")
  int perVideo;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "<n>", description = "Seed of sizes, shapes and paths (default 1).")
  long seed;

  private final Console console;

  @Inject
  DatasetsMakeDavisCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws IOException {
    List<Path> files = VideoFolder.list(videos);
    DavisSetMaker.Made made;
    try {
      made = DavisSetMaker.make(files, output, new DavisSetMaker.Settings(frames, shortSide, objects, patch, perVideo, seed));
    } catch (IllegalArgumentException | IOException e) {
      throw CliException.usage(e.getMessage());
    }
    console.out().printf("wrote %s (DAVIS-2017 layout): %d sequences of %d frames with %d objects: %s%n", output,
        made.sequences().size(), frames, objects, String.join(", ", made.sequences()));
    if (!made.skipped().isEmpty()) {
      console.out().printf("skipped (too short): %s%n", made.skipped());
    }
    console.out().flush();
    return ExitCodes.OK;
  }
}
