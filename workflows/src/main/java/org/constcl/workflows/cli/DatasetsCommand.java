package org.constcl.workflows.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.constcl.eval.dataset.SpeedDirectionMaker;
import org.constcl.eval.dataset.SpeedDirectionSettings;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code constcl datasets}: labelled datasets for the downstream benchmarks. */
@Command(name = "datasets", mixinStandardHelpOptions = true, description = "Make labelled benchmark datasets.",
    subcommands = {DatasetsCommand.MakeSpeedDirection.class, DatasetsIngestCommand.class, DatasetsMakeTrackingCommand.class,
        DatasetsMakeAvaCommand.class, DatasetsMakeDavisCommand.class,
        DatasetsMakeScenesCommand.class})
final class DatasetsCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a subcommand: make-speed-direction, make-tracking, make-ava, make-davis, make-scenes, ingest");
  }

  /** {@code constcl datasets make-speed-direction}. */
  @Command(name = "make-speed-direction", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Cut labelled clips from real videos: playback speed (1x, 2x, 4x) x direction (forward, reverse),"
          + " six classes, in UCF101's layout with train/test split by source video. Deterministic."})
  static final class MakeSpeedDirection implements Callable<Integer> {
    @Option(names = "--videos", required = true, paramLabel = "<dir>", description = "Folder of source videos.")
    Path videos;

    @Option(names = "--output", required = true, paramLabel = "<dir>", description = "Dataset root to create (empty).")
    Path output;

    @Option(names = "--clip-frames", defaultValue = "16", paramLabel = "<n>", description = "Frames per clip (default 16).")
    int clipFrames;

    @Option(names = "--short-side", defaultValue = "128", paramLabel = "<px>", description = "Frame short side (default 128).")
    int shortSide;

    @Option(names = "--windows", defaultValue = "8", paramLabel = "<n>", description = "Windows per source video at most (default 8).")
    int windows;

    @Option(names = "--test-fraction", defaultValue = "0.3333333333333333", paramLabel = "<f>",
        description = "Share of source videos in the test split (default 1/3).")
    double testFraction;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "<n>", description = "Chooses the test videos (default 1).")
    long seed;

    private final Console console;

    @Inject
    MakeSpeedDirection(Console console) {
      this.console = console;
    }

    @Override
    public Integer call() throws IOException {
      List<Path> files = VideoFolder.list(videos);
      SpeedDirectionSettings settings;
      try {
        settings = new SpeedDirectionSettings(clipFrames, shortSide, windows, testFraction, seed, 25);
      } catch (IllegalArgumentException e) {
        throw CliException.usage(e.getMessage());
      }
      SpeedDirectionMaker.Made made;
      try {
        made = SpeedDirectionMaker.make(files, output, settings);
      } catch (IOException e) {
        throw CliException.usage(e.getMessage());
      }
      console.out().printf("wrote %s: %d train and %d test clips, 6 classes; train sources %s, test sources %s%n", output,
          made.trainClips(), made.testClips(), made.trainSources(), made.testSources());
      if (!made.skipped().isEmpty()) {
        console.out().printf("skipped (too short): %s%n", made.skipped());
      }
      console.out().flush();
      return ExitCodes.OK;
    }
  }
}
