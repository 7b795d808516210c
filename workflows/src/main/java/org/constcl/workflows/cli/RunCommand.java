package org.constcl.workflows.cli;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
import org.constcl.workflows.engine.ExperimentRunner;
import org.constcl.workflows.engine.RunOptions;
import org.constcl.workflows.engine.RunView;
import org.constcl.workflows.engine.WarmWorkers;
import org.constcl.workflows.plan.Plan;
import org.constcl.workflows.stage.StageRegistry;
import org.constcl.workflows.store.ArtifactStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code constcl run}: execute an experiment's plan against the store, resuming what earlier runs built. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run an experiment: every stage instance not in the store is built (Beam stages on embedded Flink,"
        + " training and evaluation in child JVMs; with --flink-master all of them on that cluster) and committed; a manifest is written to"
        + " <store>/runs/<run>/manifest.json. Re-running resumes: finished instances are cache hits."})
final class RunCommand implements Callable<Integer> {
  @Mixin ExperimentArgs experiment;

  @Option(names = {"--flink-master", "--flinkMaster"}, paramLabel = "<host:port>",
      description = "Run every stage on this Flink session cluster: Beam stages as pipelines (the shaded jar is staged),"
          + " training and evaluation as stage jobs whose tasks start the stage where its CPU and GPUs are free"
          + " (docs/flink-cluster.md). Default: runner.flink_master, else embedded.")
  String flinkMaster;

  @Option(names = "--cluster-restarts", paramLabel = "<n>", description = "On a cluster: how often Flink restarts a failed"
      + " training or evaluation stage (a lost TaskManager; a training resumes from its checkpoint). Default 2.")
  Integer clusterRestarts;

  @Option(names = "--stage-gpus", paramLabel = "<n>", description = "On a cluster: GPUs each training or evaluation stage"
      + " asks for. Default: 1 where the cluster's TaskManagers declare GPUs, else 0.")
  Integer stageGpus;

  @Option(names = "--runner", paramLabel = "<runner>", description = "Beam runner for data stages: auto (default: the"
      + " DirectRunner for inputs of at most 64 MB on the embedded runner, else FlinkRunner), FlinkRunner or DirectRunner.")
  String runner;

  @Option(names = "--parallelism", paramLabel = "<n>", description = "Beam workers (default: runner.parallelism, else the"
      + " runner's default).")
  Integer parallelism;

  @Option(names = "--max-beam-jobs", paramLabel = "<n>", description = "Beam stages at once (default: runner.max_beam_jobs, else 1).")
  Integer maxBeamJobs;

  @Option(names = "--max-train-jobs", paramLabel = "<n>",
      description = "Training/evaluation stages at once: one per GPU (default: runner.max_train_jobs, else 1).")
  Integer maxTrainJobs;

  @Option(names = "--warm-workers", negatable = true, paramLabel = "<bool>",
      description = "Run stages in long-lived worker JVMs that keep classes, compiled code and TensorFlow loaded, instead of"
          + " a new JVM per stage: a crash still ends only its worker; a worker is replaced after a failed stage and after "
          + WarmWorkers.STAGES_PER_WORKER + " stages or when it holds more than an eighth of the machine's memory after a stage (docs/experiments.md)."
          + " Default: runner.warm_workers, else on; --no-warm-workers gives every stage a new JVM.")
  Boolean warmWorkers;

  private final Console console;
  private final StageRegistry stages;

  @Inject
  RunCommand(Console console, StageRegistry stages) {
    this.console = console;
    this.stages = stages;
  }

  @Override
  public Integer call() throws Exception {
    ExperimentArgs.Planned planned = experiment.planned(stages);
    ArtifactStore store = planned.store();
    Plan plan = planned.plan();
    JsonNode r = plan.experiment().runner();
    RunOptions options;
    try {
      options = new RunOptions(
          flinkMaster != null ? flinkMaster : r.has("flink_master") ? r.get("flink_master").asText() : null,
          parallelism != null ? parallelism : r.path("parallelism").asInt(0),
          runner,
          maxBeamJobs != null ? maxBeamJobs : r.path("max_beam_jobs").asInt(1),
          maxTrainJobs != null ? maxTrainJobs : r.path("max_train_jobs").asInt(1),
          clusterRestarts != null ? clusterRestarts : RunOptions.DEFAULT_RESTARTS,
          stageGpus != null ? stageGpus : -1,
          warmWorkers != null ? warmWorkers : r.path("warm_workers").asBoolean(true));
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    if (options.remote() && JobJar.current().isEmpty()) {
      throw CliException.usage("--flink-master " + options.flinkMaster() + " stages the shaded jar, but constcl is not"
          + " running from one: run java -jar workflows/target/constcl.jar run ...");
    }
    ExperimentRunner.Result result = new ExperimentRunner(store, options, new RunView(console.out(), console.interactive()))
        .run(plan);
    console.out().printf("%s: %s; manifest %s%n", plan.experiment().name(), summary(result), result.manifest());
    if (result.tensorboard() != null) {
      console.out().printf("TensorBoard (hyper-parameters and curves of every cell): tensorboard --logdir %s%n", result.tensorboard());
    }
    console.out().println(result.cache());
    console.out().flush();
    if (!result.ok()) {
      throw new CliException(ExitCodes.FAILED, "some stages failed (see the manifest and the logs it names)");
    }
    return ExitCodes.OK;
  }

  private static String summary(ExperimentRunner.Result r) {
    StringBuilder sb = new StringBuilder(r.status());
    r.counts().forEach((k, v) -> {
      if (v > 0) {
        sb.append(", ").append(v).append(' ').append(k);
      }
    });
    return sb.toString();
  }
}
