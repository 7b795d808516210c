package org.constcl.workflows.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.constcl.transforms.io.FileTrees;
import org.constcl.workflows.cluster.Attempt;
import org.constcl.workflows.cluster.ClusterStages;
import org.constcl.workflows.cluster.StageJob;
import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.stage.Resource;

/**
 * One stage instance as a stage job on a Flink cluster, for the engine and for {@code verify}:
 * submits the job, waits for it, and appends each attempt's output to the stage's log under a
 * header naming its task, attempt, host, TaskManager, GPUs and exit.
 */
final class ClusterStageRun {
  /** CPU cores a training or evaluation stage declares on a cluster (its slot's share of a TaskManager). */
  static final double STAGE_CPU_CORES = 1.0;

  /** What the job did; {@code failure} is null when it succeeded. */
  record Result(String failure, String jobId, List<Attempt> attempts) {}

  private ClusterStageRun() {}

  /** GPUs a TensorFlow stage asks the cluster for: as told, else one where the cluster declares GPUs. */
  static int gpus(RunOptions options, ClusterStages cluster) {
    return options.stageGpus() >= 0 ? options.stageGpus() : cluster.resources().hasGpus() ? 1 : 0;
  }

  /**
   * Runs {@code args} (and {@code workerArgs} for tasks 1.. of a multi-worker stage) as one job;
   * {@code attempts} is the scratch folder for attempt records (emptied first).
   */
  static Result run(ClusterStages cluster, RunOptions options, StageInstance i, List<String> args, List<String> workerArgs,
      int workers, Path log, Path attempts) throws IOException, InterruptedException {
    if (Files.exists(attempts)) {
      FileTrees.delete(attempts); // records of an earlier run's attempts
    }
    int stageGpus = i.stage().resource() == Resource.TENSORFLOW ? gpus(options, cluster) : 0;
    StageJob job = new StageJob("constcl-" + i.kind() + "-" + i.shortKey(), "constcl " + args.get(0),
        ChildJvm.clusterCommand(args), workers > 1 ? ChildJvm.clusterCommand(workerArgs) : List.of(), Map.of(), log,
        attempts, workers, STAGE_CPU_CORES, stageGpus);
    ClusterStages.Outcome o;
    try {
      o = cluster.run(job);
    } catch (IllegalStateException e) { // no TaskManager can ever hold it
      return new Result(e.getMessage(), null, List.of());
    }
    for (Attempt a : o.attempts()) {
      Path attemptLog = Path.of(a.log());
      String head = "# task " + a.task() + ", attempt " + a.attempt() + " on " + a.host() + " (TaskManager pid "
          + a.taskManagerPid() + (a.gpus().isEmpty() ? "" : ", GPUs " + a.gpus()) + "): "
          + (a.exit() == null ? "did not end (its TaskManager was lost)" : "exit " + a.exit()) + "\n";
      Files.writeString(log, head, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      if (Files.isRegularFile(attemptLog)) {
        Files.write(log, Files.readAllBytes(attemptLog), StandardOpenOption.APPEND);
        Files.delete(attemptLog);
      }
    }
    String failure = o.ok() ? null
        : o.error() + (o.attempts().size() > 1 ? " (" + o.attempts().size() + " attempts)" : "") + " (log: " + log + ")";
    return new Result(failure, o.jobId(), o.attempts());
  }
}
