package org.constcl.workflows.cli;

import java.util.ArrayList;
import java.util.List;
import org.constcl.transforms.beam.RunnerSettings;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * Where a pipeline command runs, with the option names Beam users know, and the Beam options passed
 * through ({@code --name=value}): the options every pipeline command shares, as a mixin. Default:
 * the Flink runner on an embedded mini cluster, one worker per core.
 */
public final class RunnerOptions {
  @Option(
      names = "--runner",
      paramLabel = "<runner>",
      description = "FlinkRunner (default) or DirectRunner.")
  String runner = "FlinkRunner";

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

  /** The runner settings with the pass-through Beam options; a usage error names an argument that is not one. */
  RunnerSettings settings(String command) {
    return new RunnerSettings(runner, flinkMaster, parallelism, filesToStage, BeamArguments.checked(beamArgs, command));
  }
}
