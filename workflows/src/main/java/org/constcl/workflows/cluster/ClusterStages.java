package org.constcl.workflows.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.operators.SlotSharingGroup;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.api.common.time.Time;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.DiscardingSink;

/**
 * Runs stage instances as jobs on a Flink session cluster: Flink is the batch scheduler. A job's
 * tasks ({@link StageTask}) declare CPU cores and GPUs through fine-grained resource management,
 * so Flink starts a stage only where its resources are free and queues it otherwise; the tasks of
 * a multi-worker stage are joined by an all-to-all edge, which makes them one pipelined region that
 * Flink deploys only when it holds a slot for every worker (gang scheduling). A failed attempt is
 * restarted by Flink's fixed-delay strategy. Jobs still running when the engine stops are cancelled.
 */
public final class ClusterStages {
  private static final Set<JobClient> RUNNING = ConcurrentHashMap.newKeySet();
  /** Heap of the task itself (a thread waiting on a process); the stage's memory is the child's. */
  private static final int TASK_HEAP_MB = 32;

  private final String master;
  private final ClusterResources resources;
  private final Path taskJar;
  private final int restarts;

  private ClusterStages(String master, ClusterResources resources, Path taskJar, int restarts) {
    this.master = master;
    this.resources = resources;
    this.taskJar = taskJar;
    this.restarts = restarts;
  }

  /**
   * Connects to the cluster at {@code master} (REST host:port).
   *
   * @param jarDir where the task jar is written
   * @param restarts how often Flink restarts a failed stage before it fails
   */
  public static ClusterStages connect(String master, Path jarDir, int restarts) throws IOException {
    if (restarts < 0) {
      throw new IllegalArgumentException("restarts must be 0 or more");
    }
    return new ClusterStages(master, ClusterResources.query(master), TaskJar.write(jarDir), restarts);
  }

  public ClusterResources resources() {
    return resources;
  }

  /** What a stage job did. */
  public record Outcome(boolean ok, String error, String jobId, List<Attempt> attempts) {}

  /** Submits the job and waits for its end; throws {@link IllegalStateException} at once when it can never be placed. */
  public Outcome run(StageJob job) throws IOException, InterruptedException {
    String why = resources.unplaceable(job.workers(), job.cpuCores(), job.gpus());
    if (why != null) {
      throw new IllegalStateException(job.label() + " " + why);
    }
    JobClient client = submit(job);
    RUNNING.add(client);
    try {
      client.getJobExecutionResult().get();
      return new Outcome(true, null, client.getJobID().toString(), Attempt.read(job.attemptsDir()));
    } catch (ExecutionException e) {
      return new Outcome(false, rootMessage(e), client.getJobID().toString(), Attempt.read(job.attemptsDir()));
    } catch (InterruptedException e) {
      cancel(client);
      throw e;
    } finally {
      RUNNING.remove(client);
    }
  }

  private JobClient submit(StageJob job) throws IOException {
    String[] hostPort = master.split(":", 2);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(hostPort[0],
        Integer.parseInt(hostPort[1]), new Configuration(), taskJar.toString());
    env.setRuntimeMode(RuntimeExecutionMode.STREAMING); // every task of the job deployed at once
    env.setRestartStrategy(restarts == 0 ? RestartStrategies.noRestart()
        : RestartStrategies.fixedDelayRestart(restarts, Time.seconds(2)));
    SlotSharingGroup.Builder slot = SlotSharingGroup.newBuilder("constcl-stage").setCpuCores(job.cpuCores())
        .setTaskHeapMemoryMB(TASK_HEAP_MB).setTaskOffHeapMemoryMB(0).setManagedMemoryMB(0);
    if (job.gpus() > 0) {
      slot.setExternalResource(StageTask.GPU, job.gpus());
    }
    SlotSharingGroup group = slot.build();
    StageTask task = new StageTask(job.label(), job.chief(), job.worker(), job.environment(), job.logPrefix().toString(),
        job.attemptsDir().toString(), job.gpus());
    env.addSource(task, "stage").setParallelism(job.workers()).slotSharingGroup(group)
        .rebalance() // all-to-all: the workers form one pipelined region, deployed together
        .addSink(new DiscardingSink<>()).name("done").setParallelism(job.workers()).slotSharingGroup(group);
    try {
      return env.executeAsync(job.name());
    } catch (Exception e) {
      throw new IOException("cannot submit " + job.name() + " to the Flink cluster at " + master + ": " + e.getMessage(), e);
    }
  }

  /** Cancels every stage job this JVM still runs (Ctrl-C, SIGTERM). */
  public static void cancelAll() {
    for (JobClient c : List.copyOf(RUNNING)) {
      cancel(c);
    }
  }

  private static void cancel(JobClient c) {
    try {
      c.cancel().get(15, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // Already finished, or the cluster is gone: nothing left to cancel there.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The innermost message: the stage's own ("constcl train exited with 1 on ..."), not Flink's wrappers. */
  static String rootMessage(Throwable e) {
    String msg = e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        msg = t.getMessage();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return msg == null ? e.getClass().getSimpleName() : msg.replaceFirst("^java\\.lang\\.IllegalStateException: ", "");
  }
}
