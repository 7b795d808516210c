package org.constcl.transforms.beam;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Where a pipeline runs. The default is the Flink runner on an embedded mini cluster
 * ({@code flinkMaster=[local]}) with one slot per core; a {@code host:port} master submits to a
 * Flink session cluster, staging {@code filesToStage} (the shaded job jar); the DirectRunner is
 * for tests and debugging. The embedded cluster binds every port to 127.0.0.1 unless a Flink
 * configuration is given ({@code --flinkConfDir=<dir>} or {@code FLINK_CONF_DIR}). Extra Beam arguments ({@code --name=value}) pass through to Beam, which
 * validates them.
 *
 * @param runner {@code FlinkRunner} or {@code DirectRunner}
 * @param flinkMaster {@code [local]} or {@code host:port}
 * @param parallelism workers; 0 means one per core locally and the cluster default remotely
 * @param filesToStage jars shipped to a remote cluster
 * @param extraArgs further Beam pipeline arguments
 */
public record RunnerSettings(
    String runner, String flinkMaster, int parallelism, List<String> filesToStage, List<String> extraArgs) {
  /** The embedded Flink master. */
  public static final String EMBEDDED = "[local]";

  public RunnerSettings {
    filesToStage = List.copyOf(filesToStage);
    extraArgs = List.copyOf(extraArgs);
  }

  /** Embedded Flink with one worker per core. */
  public static RunnerSettings embeddedFlink() {
    return new RunnerSettings("FlinkRunner", EMBEDDED, 0, List.of(), List.of());
  }

  /** The DirectRunner. */
  public static RunnerSettings direct() {
    return new RunnerSettings("DirectRunner", EMBEDDED, 0, List.of(), List.of());
  }

  /** A copy with {@code parallelism} workers. */
  public RunnerSettings withParallelism(int workers) {
    return new RunnerSettings(runner, flinkMaster, workers, filesToStage, extraArgs);
  }

  /** Whether pipelines run inside this JVM. */
  public boolean inProcess() {
    return isDirect() || EMBEDDED.equals(flinkMaster);
  }

  public boolean isDirect() {
    return runner.equals("DirectRunner") || runner.endsWith(".DirectRunner");
  }

  /**
   * Beam pipeline options for these settings.
   *
   * @throws IllegalArgumentException for an unknown runner or an invalid Beam argument
   */
  public PipelineOptions toOptions(String jobName) {
    List<String> args = new ArrayList<>();
    if (isDirect()) {
      args.add("--runner=DirectRunner");
      int workers = parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
      args.add("--targetParallelism=" + workers);
    } else if (runner.equals("FlinkRunner") || runner.endsWith(".FlinkRunner")) {
      args.add("--runner=FlinkRunner");
      args.add("--flinkMaster=" + flinkMaster);
      int workers = parallelism > 0 ? parallelism : EMBEDDED.equals(flinkMaster) ? Runtime.getRuntime().availableProcessors() : -1;
      args.add("--parallelism=" + workers);
      // Beam's coders make Flink's defensive copies redundant.
      args.add("--fasterCopy=true");
      if (EMBEDDED.equals(flinkMaster) && extraArgs.stream().noneMatch(a -> a.startsWith("--flinkConfDir="))
          && System.getenv("FLINK_CONF_DIR") == null) {
        args.add("--flinkConfDir=" + LoopbackFlinkConf.folder());
      }
      if (!filesToStage.isEmpty()) {
        args.add("--filesToStage=" + String.join(",", filesToStage));
      }
    } else {
      throw new IllegalArgumentException("unknown runner '" + runner + "' (use FlinkRunner or DirectRunner)");
    }
    args.addAll(extraArgs);
    PipelineOptions options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation().create();
    options.setJobName(jobName);
    if (!isDirect()) {
      options.as(FlinkPipelineOptions.class).setJobName(jobName);
    }
    return options;
  }
}
