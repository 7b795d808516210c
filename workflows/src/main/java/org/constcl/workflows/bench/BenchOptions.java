package org.constcl.workflows.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.constcl.transforms.beam.RunnerSettings;
import org.constcl.transforms.ingest.IngestConfig;
import org.constcl.transforms.ingest.IngestPipeline;
import org.constcl.transforms.input.VideoInputs;
import org.constcl.transforms.input.VideoSource;
import org.constcl.workflows.console.CliException;
import picocli.CommandLine.Option;

/** Options the benchmarks share: how many timed runs, and a scratch folder for what they ingest and write. */
final class BenchOptions {
  @Option(names = "--repeats", defaultValue = "3", paramLabel = "<n>", description = "Timed runs of each side (default: 3).")
  int repeats;

  @Option(names = "--work-dir", paramLabel = "<dir>", description = "Scratch folder (default: a new temporary folder).")
  Path workDir;

  /** The number of timed runs; a usage error below 1. */
  int repeats() {
    if (repeats < 1) {
      throw CliException.usage("--repeats must be at least 1");
    }
    return repeats;
  }

  /** The scratch folder: --work-dir, else a new temporary folder. */
  Path workDir(String name) throws IOException {
    return workDir != null ? workDir : Files.createTempDirectory("constcl-bench-" + name + "-");
  }

  /** Ingests {@code video} (or the given sources) into {@code clips} on embedded Flink with {@code workers} (0: one per core). */
  static Path ingest(java.util.List<VideoSource> sources, IngestConfig config, int workers, Path clips) throws IOException {
    RunnerSettings flink = workers > 0 ? RunnerSettings.embeddedFlink().withParallelism(workers) : RunnerSettings.embeddedFlink();
    IngestPipeline.run(flink.toOptions("bench-ingest"), sources, config, clips, true);
    return clips;
  }

  /** The sources of one video file. */
  static java.util.List<VideoSource> sources(Path video) {
    try {
      return VideoInputs.resolve(video.toString(), null);
    } catch (org.constcl.transforms.input.InputException e) {
      throw CliException.usage(e.getMessage());
    }
  }
}
