package org.constcl.workflows.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One stage instance as a Flink job: {@code workers} tasks started together, each running
 * {@code chief} (task 0) or {@code worker} (the others) with {@code cpuCores} and {@code gpus}
 * declared as its slot's resources.
 *
 * @param name the Flink job's name
 * @param label what runs, for messages ({@code constcl train})
 * @param logPrefix every attempt of every task logs to {@code <logPrefix>.task<i>.attempt<a>}
 * @param attemptsDir where tasks leave attempt records (in the store: every TaskManager sees it)
 */
public record StageJob(String name, String label, List<String> chief, List<String> worker, Map<String, String> environment,
    Path logPrefix, Path attemptsDir, int workers, double cpuCores, int gpus) {
  public StageJob {
    chief = List.copyOf(chief);
    worker = List.copyOf(worker);
    environment = Map.copyOf(environment);
    if (workers < 1 || (workers > 1 && worker.isEmpty())) {
      throw new IllegalArgumentException("a stage job needs 1 or more workers, and a worker command for more than 1");
    }
  }
}
