package org.constcl.workflows.cluster;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.apache.flink.streaming.api.functions.source.RichParallelSourceFunction;
import org.apache.flink.streaming.api.operators.StreamingRuntimeContext;

/**
 * The task of a stage job on a Flink cluster: runs the stage's process ({@code constcl <verb>})
 * as a child of the TaskManager, so that its native memory is its own and it dies with its task.
 * Subtask i of a job with parallelism n is worker i of n. The child gets the GPUs this task claims
 * among those Flink's GPU driver declared ({@code CUDA_VISIBLE_DEVICES}), its output goes to a log
 * file in the run folder, and every attempt leaves a record beside the stage's scratch files, so
 * the engine can tell where and how often it ran. A non-zero exit fails the task: Flink's restart
 * strategy then runs it again (a training resumes from its last checkpoint in the store).
 *
 * <p>Shipped alone in the job's jar ({@link TaskJar}): it uses the JDK and Flink only.
 */
public final class StageTask extends RichParallelSourceFunction<String> {
  private static final long serialVersionUID = 1L;
  /** The external resource name the cluster declares GPUs under. */
  public static final String GPU = "gpu";
  /** Replaced in the command by this worker's index and in the environment by the workers' addresses. */
  public static final String TASK_INDEX = "{task}";

  private final String label;
  private final ArrayList<String> chiefCommand;
  private final ArrayList<String> workerCommand;
  private final HashMap<String, String> environment;
  private final String logPrefix;
  private final String attemptsDir;
  private final int gpus;
  private transient volatile Process child;
  private transient volatile boolean cancelled;

  /**
   * @param label what the stage is, for messages ({@code constcl train})
   * @param chiefCommand the command line of worker 0 (the only worker of a one-process stage)
   * @param workerCommand the command line of workers 1..n-1 ({@value #TASK_INDEX} becomes the index); empty for n = 1
   * @param logPrefix each attempt's output goes to {@code <logPrefix>.task<i>.attempt<a>}
   * @param attemptsDir a folder every TaskManager sees: attempt records and, for n > 1, the workers' addresses
   * @param gpus GPUs per worker (the slot's GPU request)
   */
  public StageTask(String label, List<String> chiefCommand, List<String> workerCommand, Map<String, String> environment, String logPrefix,
      String attemptsDir, int gpus) {
    this.label = label;
    this.chiefCommand = new ArrayList<>(chiefCommand);
    this.workerCommand = new ArrayList<>(workerCommand);
    this.environment = new HashMap<>(environment);
    this.logPrefix = logPrefix;
    this.attemptsDir = attemptsDir;
    this.gpus = gpus;
  }

  @Override
  public void run(SourceContext<String> ctx) throws Exception {
    int index = getRuntimeContext().getIndexOfThisSubtask();
    int workers = getRuntimeContext().getNumberOfParallelSubtasks();
    int attempt = getRuntimeContext().getAttemptNumber();
    Path records = Path.of(attemptsDir);
    Files.createDirectories(records);
    // The address the TaskManager is reached at (taskmanager.host), which a worker's server is reached at too.
    String host = getRuntimeContext() instanceof StreamingRuntimeContext c
        ? c.getTaskManagerRuntimeInfo().getTaskManagerExternalAddress() : java.net.InetAddress.getLocalHost().getHostName();
    long taskManagerPid = ProcessHandle.current().pid();
    try (GpuClaim claim = GpuClaim.claim(gpuIndices(), gpus, taskManagerPid)) {
      Map<String, String> env = new HashMap<>(environment);
      if (gpus > 0) {
        env.put("CUDA_VISIBLE_DEVICES", String.join(",", claim.indices()));
      }
      if (workers > 1) {
        env.put("CONSTCL_WORKERS", WorkerAddresses.exchange(records.resolve("workers-attempt" + attempt), index, workers, host));
      }
      List<String> command = new ArrayList<>();
      for (String a : index == 0 ? chiefCommand : workerCommand) {
        command.add(a.replace(TASK_INDEX, Integer.toString(index)));
      }
      Path log = Path.of(logPrefix + ".task" + index + ".attempt" + attempt);
      Path record = records.resolve("task" + index + "-attempt" + attempt + ".properties");
      write(record, "task=" + index + "\nworkers=" + workers + "\nattempt=" + attempt + "\nhost=" + host
          + "\ntaskmanager_pid=" + taskManagerPid + "\ngpus=" + String.join(",", claim.indices()) + "\nstarted="
          + Instant.now() + "\nlog=" + log + "\n", false);
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(env);
      // The child watches the TaskManager: a TaskManager killed with SIGKILL takes its stage with it.
      pb.environment().put("CONSTCL_PARENT_PID", Long.toString(taskManagerPid));
      int exit;
      child = pb.start();
      try {
        exit = child.waitFor();
      } finally {
        if (child.isAlive()) {
          stopChild();
        }
      }
      write(record, "exit=" + exit + "\nended=" + Instant.now() + "\n", true);
      if (cancelled) {
        return;
      }
      if (exit != 0) {
        throw new IllegalStateException(label + " exited with " + exit + " on " + host + " (task " + index + " of " + workers + ", attempt " + attempt
            + "; log: " + log + ")");
      }
    }
    synchronized (ctx.getCheckpointLock()) {
      ctx.collect("task " + index + " done");
    }
  }

  @Override
  public void cancel() {
    cancelled = true;
    if (child != null) {
      stopChild();
    }
  }

  private void stopChild() {
    Process p = child;
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private List<String> gpuIndices() {
    if (gpus == 0) {
      return List.of();
    }
    TreeSet<String> out = new TreeSet<>();
    for (ExternalResourceInfo info : getRuntimeContext().getExternalResourceInfos(GPU)) {
      info.getProperty("index").ifPresent(out::add);
    }
    return List.copyOf(out);
  }

  private static void write(Path file, String text, boolean append) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
  }

  /**
   * GPUs this task holds. Flink's GPU driver tells every task all of its TaskManager's GPUs and
   * the fine-grained scheduler only guarantees how many are free; which ones a task takes is
   * decided here, with a file lock per (TaskManager, GPU) held while the child runs (released by
   * the operating system if the TaskManager dies).
   */
  static final class GpuClaim implements AutoCloseable {
    private final List<String> indices;
    private final List<FileLock> locks;

    private GpuClaim(List<String> indices, List<FileLock> locks) {
      this.indices = indices;
      this.locks = locks;
    }

    List<String> indices() {
      return indices;
    }

    static GpuClaim claim(List<String> available, int count, long taskManagerPid) throws IOException, InterruptedException {
      if (count == 0) {
        return new GpuClaim(List.of(), List.of());
      }
      if (available.size() < count) {
        throw new IllegalStateException("this task needs " + count + " GPUs; its TaskManager declares " + available.size()
            + " " + available + " (external-resource.gpu.amount)");
      }
      Path dir = Path.of(System.getProperty("java.io.tmpdir"), "constcl-gpu-claims");
      Files.createDirectories(dir);
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        List<String> got = new ArrayList<>();
        List<FileLock> locks = new ArrayList<>();
        for (String index : available) {
          if (got.size() == count) {
            break;
          }
          FileLock l = tryLock(dir.resolve(taskManagerPid + "-gpu" + index + ".lock").toFile());
          if (l != null) {
            got.add(index);
            locks.add(l);
          }
        }
        if (got.size() == count) {
          return new GpuClaim(got, locks);
        }
        release(locks);
        // The scheduler counted a GPU as free that a finishing task still holds for a moment.
        if (System.nanoTime() > until) {
          throw new IllegalStateException("no " + count + " free GPUs among " + available + " on this TaskManager after 60 s");
        }
        Thread.sleep(200);
      }
    }

    private static FileLock tryLock(File f) throws IOException {
      RandomAccessFile raf = new RandomAccessFile(f, "rw");
      try {
        FileLock l = raf.getChannel().tryLock();
        if (l == null) {
          raf.close();
        }
        return l;
      } catch (OverlappingFileLockException e) { // held by another task of this TaskManager
        raf.close();
        return null;
      }
    }

    private static void release(List<FileLock> locks) {
      for (FileLock l : locks) {
        try {
          l.channel().close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    @Override
    public void close() {
      release(locks);
    }
  }
}
