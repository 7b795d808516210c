package org.constcl.workflows.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.constcl.workflows.plan.CanonicalJson;

/**
 * Warm stage workers ({@code constcl run}'s default; {@code --no-warm-workers} turns them off):
 * instead of a new JVM per stage, the engine hands stages to long-lived child JVMs that keep
 * their loaded classes, compiled code, TensorFlow's native library and oneDNN's primitive cache
 * from one stage to the next. Each stage still runs as {@code constcl <args>} would (the same
 * command line, parsed and run by a fresh Guice injector), so its outputs are the same bytes.
 *
 * <p>What stays: a worker is a process of its own, so a crash, a kill or an out-of-memory in a
 * stage ends that worker, never the engine (the stage fails with the worker's exit code and the
 * next stage gets a new worker). What is given up: a stage's native memory is released when the
 * stage closes it, not when a process exits, so a leak would outlive its stage. A worker is
 * therefore retired after a failed stage, after {@link #STAGES_PER_WORKER} stages, and after any
 * stage that leaves it holding more resident memory than its bound (by default an eighth of the
 * machine's memory, {@link #defaultRetireAboveBytes()}): a stage that needs much memory returns
 * it to the OS by its worker's exit, as a stage in a JVM of its own would. Workers are kept per JVM
 * configuration ({@link FastStart}: the Beam stages' client compiler, the
 * training stages' C2), one stage at a time per worker; each configuration has a class-data
 * archive of its own ({@link FastStart#workerLaunch}), written by a worker that found none as it
 * exits, so later runs' workers map the classes their stages load.
 */
public final class WarmWorkers implements AutoCloseable {
  /** The argument that makes {@code constcl} a worker. */
  public static final String WORKER_ARGUMENT = "--stage-worker";
  /** Stages a worker runs before it is replaced by a new one. */
  public static final int STAGES_PER_WORKER = 32;
  private static final String REPLY = "##constcl-stage-done## ";

  private final FastStart fastStart;
  private final long retireAboveBytes;
  private final Map<List<String>, Deque<Worker>> idle = new HashMap<>();
  private final List<Worker> all = new ArrayList<>();
  private int started;
  private int retiredForMemory;
  private boolean closed;

  /** Workers in {@code fastStart}'s JVM configurations, each retired above the default memory bound. */
  public WarmWorkers(FastStart fastStart) {
    this(fastStart, defaultRetireAboveBytes());
  }

  /** Workers retired after any stage that leaves them with more than {@code retireAboveBytes} resident. */
  public WarmWorkers(FastStart fastStart, long retireAboveBytes) {
    this.fastStart = fastStart;
    this.retireAboveBytes = retireAboveBytes;
  }

  /**
   * An eighth of physical memory, at least 1 GiB: two idle workers (one per JVM configuration)
   * then hold at most a quarter of the machine between stages.
   */
  public static long defaultRetireAboveBytes() {
    return Math.max(1L << 30, ResidentMemory.physical() / 8);
  }

  /** One request to a worker: run {@code constcl <args>}, appending its output to {@code log}. */
  public record Request(long id, String log, List<String> args) {
    String line() {
      ObjectNode n = CanonicalJson.JSON.createObjectNode().put("id", id).put("log", log);
      args.forEach(n.putArray("args")::add);
      return n.toString();
    }

    /** The request a worker reads; an unreadable line is the engine's bug, not the stage's. */
    public static Request parse(String line) throws IOException {
      JsonNode n = CanonicalJson.JSON.readTree(line);
      List<String> args = new ArrayList<>();
      n.path("args").forEach(a -> args.add(a.asText()));
      return new Request(n.path("id").asLong(), n.path("log").asText(), List.copyOf(args));
    }
  }

  /** The line a worker prints when request {@code id} ended with {@code exitCode}. */
  public static String replyLine(long id, int exitCode) {
    return REPLY + id + " " + exitCode;
  }

  /**
   * Runs {@code constcl <args>} in a warm worker, its output appended to {@code log}; returns the
   * exit code (that of the worker's JVM when the stage ended it).
   */
  public int run(List<String> args, Path log) throws IOException, InterruptedException {
    List<String> key = fastStart.configuration(args); // the worker reading the archive and the one writing it alike
    Worker w;
    synchronized (this) {
      if (closed) {
        throw new IOException("the engine's stage workers are stopped");
      }
      Deque<Worker> free = idle.get(key);
      w = free == null ? null : free.poll();
      if (w == null) {
        // Only a new worker needs its launch: looking for (or naming) its archive is file-system work.
        w = new Worker(fastStart, fastStart.workerLaunch(args, ChildJvm.classPath()), ++started);
        all.add(w);
      }
    }
    int code = w.run(args, log);
    boolean tooLarge = ResidentMemory.of(w.process.pid()).orElse(0) > retireAboveBytes;
    synchronized (this) {
      if (code == 0 && w.alive() && w.served < STAGES_PER_WORKER && !tooLarge && !closed) {
        idle.computeIfAbsent(key, k -> new ArrayDeque<>()).push(w);
        return code;
      }
      all.remove(w);
      if (tooLarge && code == 0) {
        retiredForMemory++;
      }
    }
    w.close();
    return code;
  }

  /** Workers started so far (for reports and tests). */
  public synchronized int started() {
    return started;
  }

  /** Workers replaced because a stage left them above their memory bound (for reports and tests). */
  public synchronized int retiredForMemory() {
    return retiredForMemory;
  }

  /** The process ids of the workers alive now (busy or idle). */
  synchronized List<Long> pids() {
    return all.stream().map(w -> w.process.pid()).toList();
  }

  /** Ends every worker: an idle one exits when its requests end, a busy one is stopped. */
  @Override
  public void close() {
    List<Worker> workers;
    Set<Worker> waiting = new HashSet<>();
    synchronized (this) {
      closed = true;
      workers = List.copyOf(all);
      idle.values().forEach(waiting::addAll);
      all.clear();
      idle.clear();
    }
    workers.forEach(Worker::endRequests); // all at once: workers writing archives do so side by side
    // A busy worker (the engine is stopping mid-stage) gets the short wait: its stage is abandoned anyway.
    workers.forEach(w -> w.awaitExit(!waiting.contains(w)));
  }

  /** One worker JVM: requests on its stdin, replies on its stdout, anything native writes in a file. */
  private static final class Worker {
    /** How long an ending worker may take to write its class-data archive (thousands of classes). */
    private static final long ARCHIVE_WRITE_SECONDS = 120;
    private final FastStart fastStart;
    private final FastStart.Launch launch;
    private final Process process;
    private final Writer requests;
    private final BufferedReader replies;
    private final Path nativeOutput;
    private final WorkerOutput output;
    private long nextId;
    int served;

    Worker(FastStart fastStart, FastStart.Launch launch, int number) throws IOException {
      this.fastStart = fastStart;
      this.launch = launch;
      nativeOutput = Files.createTempFile("constcl-worker-" + number + "-", ".log");
      output = new WorkerOutput(nativeOutput);
      process = ChildJvm.startWorker(launch.options(), nativeOutput);
      requests = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    boolean alive() {
      return process.isAlive();
    }

    int run(List<String> args, Path log) throws IOException, InterruptedException {
      long id = ++nextId;
      served++;
      output.beforeStage(log);
      List<String> stray = new ArrayList<>();
      Integer code = null;
      try {
        requests.write(new Request(id, log.toAbsolutePath().toString(), args).line() + "\n");
        requests.flush();
        for (String line; code == null && (line = replies.readLine()) != null; ) {
          int at = line.indexOf(REPLY);
          if (at < 0) {
            stray.add(line); // the JVM's or a native library's own stdout
            continue;
          }
          if (at > 0) {
            stray.add(line.substring(0, at));
          }
          String[] reply = line.substring(at + REPLY.length()).split(" ");
          if (Long.parseLong(reply[0]) == id) {
            code = Integer.parseInt(reply[1]);
          }
        }
      } catch (IOException e) {
        // the pipe broke: the worker is gone; its exit code says how
      }
      if (code == null) {
        process.waitFor();
        code = process.exitValue() == 0 ? 1 : process.exitValue(); // ended without a reply: never a success
      }
      output.afterStage(log, stray);
      return code;
    }

    void close() {
      endRequests();
      awaitExit(false);
    }

    /** End of requests: the worker exits, writing its class-data archive first if it is the one to. */
    void endRequests() {
      try {
        requests.close();
      } catch (IOException e) {
        process.destroyForcibly(); // already gone, or its stdin broke
      }
    }

    /**
     * Waits for the exit (stopping a worker that takes too long; an abandoned one gets 10 s even when
     * it writes an archive), keeps its archive if it ended well.
     */
    void awaitExit(boolean abandoned) {
      int exit = -1;
      try {
        if (!process.waitFor(launch.writing() != null && !abandoned ? ARCHIVE_WRITE_SECONDS : 10, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
        }
        exit = process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
      fastStart.finished(launch, exit);
      try {
        output.afterExit();
      } catch (IOException e) {
        // the run's folder is gone (deleted by hand mid-run): nothing left to append to
      }
      try {
        Files.deleteIfExists(nativeOutput);
      } catch (IOException ignored) {
        // a temporary file; the OS cleans its folder
      }
    }
  }
}
