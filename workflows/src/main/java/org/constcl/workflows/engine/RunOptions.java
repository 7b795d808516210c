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
 */
public record RunOptions(String flinkMaster, int parallelism, String runner, int maxBeamJobs, int maxTrainJobs) {
  public RunOptions {
    if (maxBeamJobs < 1 || maxTrainJobs < 1) {
      throw new IllegalArgumentException("job limits must be at least 1");
    }
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

  /** Whether Beam stages go to a cluster (which needs the shaded jar). */
  public boolean remote() {
    return flinkMaster != null && !flinkMaster.equals("[local]");
  }
}
