package org.constcl.workflows.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every fine-tune-and-score benchmark command takes: seed, TensorFlow threads, output folder. */
final class DownstreamRunOptions {
  @Option(names = "--seed", defaultValue = "1", paramLabel = "<n>", description = "Seed (default 1).")
  long seed;

  @Option(names = "--threads", defaultValue = "0", paramLabel = "<n>", description = "TensorFlow threads (0: one per core).")
  int threads;

  @Option(names = "--output", required = true, paramLabel = "<dir>", description = "Evaluation folder.")
  Path output;
}
