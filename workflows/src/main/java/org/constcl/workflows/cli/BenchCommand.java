package org.constcl.workflows.cli;

import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.constcl.workflows.bench.IngestBenchmark;
import org.constcl.workflows.bench.ModelBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code constcl bench}: benchmarks that print a ratio against a named baseline. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks, each against a named baseline run in the same invocation (docs/benchmarks.md).",
    subcommands = {BenchCommand.Ingest.class, BenchCommand.Model.class})
final class BenchCommand {

  /** {@code constcl bench ingest}. */
  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description = "Ingest with one worker vs ffmpeg -threads 1 frame extraction of the same video.")
  static final class Ingest implements Callable<Integer> {
    @Option(names = "--video", required = true, paramLabel = "<file>",
        description = "Video to ingest, e.g. ../shared/data/videos/vtest.avi.")
    Path video;

    @Option(names = "--repeats", defaultValue = "3", paramLabel = "<n>", description = "Timed runs of each side (default: 3).")
    int repeats;

    @Option(names = "--work-dir", paramLabel = "<dir>", description = "Scratch folder (default: a new temporary folder).")
    Path workDir;

    private final Console console;

    @Inject
    Ingest(Console console) {
      this.console = console;
    }

    @Override
    public Integer call() throws Exception {
      if (!Files.isRegularFile(video)) {
        throw CliException.usage(video + ": no such video");
      }
      if (repeats < 1) {
        throw CliException.usage("--repeats must be at least 1");
      }
      Path dir = workDir != null ? workDir : Files.createTempDirectory("constcl-bench-");
      IngestBenchmark.Result r = IngestBenchmark.run(video, repeats, dir);
      console.out().print(r.report());
      console.out().flush();
      return ExitCodes.OK;
    }
  }

  /** {@code constcl bench model}. */
  @Command(
      name = "model",
      mixinStandardHelpOptions = true,
      description = "Training-step speed (backbone and full ConST-CL, r3d50 and small) vs a float32 MatMul peak.")
  static final class Model implements Callable<Integer> {
    @Option(names = "--steps", defaultValue = "10", paramLabel = "<n>", description = "Timed steps per workload (default: 10).")
    int steps;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "<n>", description = "Intra-op threads (default: one per core).")
    int threads;

    private final Console console;

    @Inject
    Model(Console console) {
      this.console = console;
    }

    @Override
    public Integer call() throws Exception {
      if (steps < 1) {
        throw CliException.usage("--steps must be at least 1");
      }
      int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
      console.out().print(ModelBenchmark.run(steps, t).report());
      console.out().flush();
      return ExitCodes.OK;
    }
  }
}
