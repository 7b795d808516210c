package org.constcl.workflows.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every fine-tune-and-score benchmark command takes: seed, TensorFlow threads, output folder. */
final class DownstreamRunOptions {
  @Option(names = "--seed", paramLabel = "<n>", description = "Seed (default 1).")
  Long seed;

  @Option(names = "--threads", paramLabel = "<n>", description = "TensorFlow threads (default 0: one per core).")
  Integer threads;

  @Option(names = "--output", required = true, paramLabel = "<dir>", description = "Evaluation folder.")
  Path output;

  /** Adds the seed and thread count, when given, to a benchmark's settings. */
  void putInto(ObjectNode settings) {
    Settings.put(settings, "seed", seed);
    Settings.put(settings, "threads", threads);
  }
}
