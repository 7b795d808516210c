package org.constcl.workflows.cli;

import java.util.ArrayList;
import java.util.List;
import org.constcl.transforms.beam.RunnerSettings;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * Where a pipeline command runs, with the option names Beam users know, and the Beam options passed
 * through ({@code --name=value}): the options every pipeline command shares, as a mixin. Default
 * ({@code auto}): for an input of at most {@link #SMALL_INPUT_BYTES} the DirectRunner in this JVM,
 * which saves the ~2 s an embedded Flink mini cluster takes to start and stop; for a larger input,
 * or with a Flink master given, the Flink runner (embedded: one worker per core). Both runners give
 * the same records and digests (IngestOnFlinkTest, ProposalPipelineTest).
 */
public final class RunnerOptions {
  /** Inputs up to this size run on the DirectRunner under {@code --runner=auto}. */
  public static final long SMALL_INPUT_BYTES = 64L << 20;

  @Option(
      names = "--runner",
      paramLabel = "<runner>",
      description = "auto (default: the DirectRunner for an input of at most 64 MB on the embedded runner, else"
          + " FlinkRunner), FlinkRunner or DirectRunner.")
  String runner = "auto";

  @Option(
      names = {"--flinkMaster", "--flink-master"},
      paramLabel = "<host:port>",
      description = "Flink master: [local] for the embedded mini cluster (default), or the REST"
          + " address of a session cluster; the shaded job jar is staged to it.")
  String flinkMaster = RunnerSettings.EMBEDDED;

  @Option(
      names = "--parallelism",
      paramLabel = "<n>",
      description = "Workers (default: one per core locally, the cluster's default remotely).")
  int parallelism;

  @Option(
      names = "--filesToStage",
      split = ",",
      paramLabel = "<jar>",
      description = "Jars to ship to a Flink cluster (default: the constcl jar being run).")
  List<String> filesToStage = new ArrayList<>();

  @Unmatched List<String> beamArgs = new ArrayList<>();

  /**
   * The runner settings with the pass-through Beam options, {@code auto} resolved to Flink; a usage
   * error names an argument that is not one.
   */
  RunnerSettings settings(String command) {
    return settings(command, Long.MAX_VALUE);
  }

  /** As {@link #settings(String)}, {@code auto} resolved for an input of {@code inputBytes}. */
  RunnerSettings settings(String command, long inputBytes) {
    String chosen = runner;
    if (runner.equals("auto")) {
      chosen = RunnerSettings.EMBEDDED.equals(flinkMaster) && inputBytes <= SMALL_INPUT_BYTES ? "DirectRunner" : "FlinkRunner";
    }
    return new RunnerSettings(chosen, flinkMaster, parallelism, filesToStage, BeamArguments.checked(beamArgs, command));
  }

  /**
   * Bytes of the files under {@code paths} (files or folders); the size that {@code auto} compares.
   * A path that cannot be walked (a remote one Beam reads itself) counts as large.
   */
  static long bytesUnder(List<java.nio.file.Path> paths) {
    long total = 0;
    for (java.nio.file.Path path : paths) {
      try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.walk(path)) {
        for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) s::iterator) {
          if (java.nio.file.Files.isRegularFile(p)) {
            total += java.nio.file.Files.size(p);
          }
        }
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        return Long.MAX_VALUE;
      }
    }
    return total;
  }
}
