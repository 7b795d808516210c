package org.constcl.workflows.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Operational settings of a run (never part of cache keys): where Beam stages run and how many
 * jobs of each resource run at once.
 *
 * @param flinkMaster null or {@code [local]} for embedded Flink, else a session cluster's host:port
 * @param parallelism Beam workers, 0 for the runner's default
 * @param runner Beam runner name, null for the commands' default ({@code auto}: DirectRunner for small inputs, else Flink)
 * @param clusterRestarts on a cluster: how often Flink restarts a failed training or evaluation stage
 * @param stageGpus on a cluster: GPUs each training or evaluation stage asks for; -1 for one where the cluster declares GPUs, else none
 * @param warmWorkers stages run in long-lived worker JVMs ({@link WarmWorkers}) instead of a new JVM each
 */
public record RunOptions(String flinkMaster, int parallelism, String runner, int maxBeamJobs, int maxTrainJobs,
    int clusterRestarts, int stageGpus, boolean warmWorkers) {
  /** Restarts of a failed stage on a cluster unless told otherwise. */
  public static final int DEFAULT_RESTARTS = 2;

  public RunOptions {
    if (maxBeamJobs < 1 || maxTrainJobs < 1) {
      throw new IllegalArgumentException("job limits must be at least 1");
    }
    if (clusterRestarts < 0) {
      throw new IllegalArgumentException("--cluster-restarts must be 0 or more");
    }
    if (stageGpus < -1) {
      throw new IllegalArgumentException("--stage-gpus must be 0 or more");
    }
  }

  public RunOptions(String flinkMaster, int parallelism, String runner, int maxBeamJobs, int maxTrainJobs) {
    this(flinkMaster, parallelism, runner, maxBeamJobs, maxTrainJobs, DEFAULT_RESTARTS, -1, false);
  }

  /** Beam options for a stage's command line: runner, Flink master and parallelism when set. */
  public List<String> beamArgs() {
    List<String> a = new ArrayList<>();
    if (runner != null) {
      a.add("--runner=" + runner);
    }
    if (flinkMaster != null && !flinkMaster.equals("[local]")) {
      a.add("--flinkMaster=" + flinkMaster);
    }
    if (parallelism > 0) {
      a.add("--parallelism=" + parallelism);
    }
    return a;
  }

  /** Whether stages go to a cluster (Beam stages as pipelines, the others as stage jobs; both need the shaded jar). */
  public boolean remote() {
    return flinkMaster != null && !flinkMaster.equals("[local]");
  }
}
