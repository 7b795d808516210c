package org.constcl.workflows.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.constcl.transforms.io.FileTrees;
import org.constcl.workflows.cluster.ClusterStages;
import org.constcl.workflows.plan.Plan;
import org.constcl.workflows.plan.StageInput;
import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.stage.Resource;
import org.constcl.workflows.stage.Stage;
import org.constcl.workflows.store.Artifact;
import org.constcl.workflows.store.ArtifactStore;
import org.constcl.workflows.store.CacheChecker;
import org.constcl.workflows.store.CacheDecision;
import org.constcl.workflows.tensorboard.RunTensorBoard;

/**
 * Executes a plan: instances whose inputs are ready and whose artifact is not in the store run
 * as child JVMs, at most {@code maxBeamJobs} Beam stages and {@code maxTrainJobs} TensorFlow
 * stages at once. A failure skips what depends on it; independent cells go on. Built instances
 * are committed atomically, so an interrupted run leaves nothing a later run would accept, and a
 * re-run of the same file resumes (finished instances are hits, failed ones run again).
 */
public final class ExperimentRunner {
  /**
   * What a run did.
   *
   * @param manifest its manifest file
   * @param counts instances by final phase
   * @param cache the cache decisions' summary (hits, misses by {@link org.constcl.workflows.store.MissReason})
   */
  public record Result(Path manifest, Map<String, Long> counts, String status, String cache, Path tensorboard) {
    public boolean ok() {
      return status.equals("finished");
    }
  }

  private final ArtifactStore store;
  private final CacheChecker cache;
  private final RunOptions options;
  private final RunView view;
  /** GPU ids free for TensorFlow stages; each child sees only its own (CUDA_VISIBLE_DEVICES). Empty on CPU. */
  private final java.util.concurrent.BlockingQueue<Integer> gpus = new LinkedBlockingQueue<>();
  private final int trainSlots;
  /** With --flink-master: where training, evaluation and local stages run (null: child JVMs here). */
  private ClusterStages cluster;
  /** Unless --no-warm-workers: the worker JVMs stages run in (null: a new JVM per stage). */
  private WarmWorkers warm;

  public ExperimentRunner(ArtifactStore store, RunOptions options, RunView view) {
    this.store = store;
    this.cache = new CacheChecker(store);
    this.options = options;
    this.view = view;
    int count = Environment.gpuCount();
    for (int g = 0; g < count; g++) {
      gpus.add(g);
    }
    // One training job per GPU; on CPU the limit as given (default 1).
    this.trainSlots = count > 0 ? Math.min(options.maxTrainJobs(), count) : options.maxTrainJobs();
  }

  public Result run(Plan plan) throws IOException {
    long start = System.nanoTime();
    String runId = newRunId(plan.experiment().name());
    Path runDir = store.runDir(runId);
    Path logs = runDir.resolve("logs");
    Files.createDirectories(logs);
    if (options.remote()) {
      cluster = ClusterStages.connect(options.flinkMaster(), runDir, options.clusterRestarts());
    }
    TimeEstimator estimator = new TimeEstimator(store.timings());
    Map<String, InstanceState> states = new LinkedHashMap<>();
    for (StageInstance i : plan.instances()) {
      InstanceState s = new InstanceState(i);
      s.estimate = estimator.estimate(i);
      states.put(i.key(), s);
    }
    Manifest manifest = new Manifest(runDir.resolve("manifest.json"), runId, plan, options, store.root());
    ArtifactStore.BuildLock live;
    // Registered under the store's gc lock: a collection either sees this run's keys or ran before.
    try (ArtifactStore.GcLock gc = store.gcLock()) {
      live = store.holdRun(runId);
      manifest.write();
    }
    if (options.warmWorkers() && !options.remote()) {
      warm = new WarmWorkers(FastStart.fromEnvironment());
    }
    try {
      return run(plan, runId, runDir, states, manifest, estimator, start);
    } finally {
      if (warm != null) {
        warm.close();
      }
      live.close();
    }
  }

  private Result run(Plan plan, String runId, Path runDir, Map<String, InstanceState> states, Manifest manifest,
      TimeEstimator estimator, long start) throws IOException {
    Thread onInterrupt = new Thread(() -> {
      ChildJvm.destroyAll(); // marks the stop first, so workers report "interrupted", not a failure
      ClusterStages.cancelAll();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < until && states.values().stream().anyMatch(s -> s.phase == InstanceState.Phase.RUNNING
          && !s.reason.equals("interrupted"))) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          break;
        }
      }
      for (InstanceState s : states.values()) {
        if (!s.phase.done()) {
          s.phase = InstanceState.Phase.FAILED;
          s.reason = "interrupted";
        }
        manifest.update(s, plan.cellRoles());
      }
      manifest.finish("interrupted", counts(states), (System.nanoTime() - start) / 1e9, null);
      manifest.write();
    }, "constcl-manifest-on-exit");
    Runtime.getRuntime().addShutdownHook(onInterrupt);

    Map<Resource, Integer> free = new EnumMap<>(Resource.class);
    free.put(Resource.BEAM, options.maxBeamJobs());
    // On a cluster Flink queues stages until their resources are free: submit as many as it could hold at once.
    free.put(Resource.TENSORFLOW, cluster == null ? trainSlots
        : Math.max(options.maxTrainJobs(),
            cluster.resources().capacity(ClusterStageRun.STAGE_CPU_CORES, ClusterStageRun.gpus(options, cluster))));
    free.put(Resource.LOCAL, 1);
    BlockingQueue<InstanceState> finished = new LinkedBlockingQueue<>();
    Map<String, CacheDecision> decisions = new HashMap<>();
    ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "constcl-stage");
      t.setDaemon(true);
      return t;
    });
    try {
      while (states.values().stream().anyMatch(s -> !s.phase.done())) {
        for (InstanceState s : states.values()) {
          if (s.phase != InstanceState.Phase.WAITING) {
            continue;
          }
          List<InstanceState> ups = s.instance.upstream().stream().map(u -> states.get(u.key())).toList();
          InstanceState bad = ups.stream().filter(u -> u.phase == InstanceState.Phase.FAILED
              || u.phase == InstanceState.Phase.SKIPPED).findFirst().orElse(null);
          if (bad != null) {
            s.phase = InstanceState.Phase.SKIPPED;
            s.reason = "upstream " + bad.instance.label() + " " + bad.phase.name().toLowerCase();
            changed(s, plan, states, manifest);
            continue;
          }
          if (!ups.stream().allMatch(u -> u.phase.ok())) {
            continue;
          }
          Map<String, Artifact> inputs = inputs(s.instance, states);
          CacheDecision l = decisions.computeIfAbsent(s.instance.key(), k -> cache.check(s.instance, digests(inputs)));
          s.cache = l;
          if (l.hit()) {
            s.phase = InstanceState.Phase.CACHED;
            s.reason = l.text();
            s.artifact = l.artifact();
            changed(s, plan, states, manifest);
            continue;
          }
          Resource r = s.instance.stage().resource();
          if (free.get(r) == 0) {
            continue;
          }
          free.merge(r, -1, Integer::sum);
          s.phase = InstanceState.Phase.RUNNING;
          s.reason = l.text();
          s.startedNanos = System.nanoTime();
          s.log = runDir.resolve("logs").resolve(logName(s.instance)).toString();
          changed(s, plan, states, manifest);
          pool.submit(() -> {
            build(s, inputs, runId, estimator);
            finished.add(s);
          });
        }
        // Once per scheduling pass, not per change: a cached sweep of hundreds of instances would rewrite the
        // whole manifest once per instance (quadratic in the sweep's size).
        manifest.writeIfChanged();
        // Wait only while something runs: a pass that only found cache hits must not idle a second before exiting.
        boolean running = states.values().stream().anyMatch(x -> x.phase == InstanceState.Phase.RUNNING);
        InstanceState done = running ? finished.poll(1, TimeUnit.SECONDS) : finished.poll();
        while (done != null) {
          free.merge(done.instance.stage().resource(), 1, Integer::sum);
          changed(done, plan, states, manifest);
          done = finished.poll();
        }
        manifest.writeIfChanged();
        view.tick(plan, states);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ChildJvm.destroyAll();
      ClusterStages.cancelAll();
      throw new IOException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
    Map<String, Long> counts = counts(states);
    String status = ChildJvm.stopping() ? "interrupted"
        : counts.get("failed") + counts.get("skipped") > 0 ? "failed" : "finished";
    String cacheLine = CacheChecker.summary(decisions.values());
    manifest.finish(status, counts, (System.nanoTime() - start) / 1e9, CacheChecker.countMisses(decisions.values()));
    manifest.write();
    try {
      Runtime.getRuntime().removeShutdownHook(onInterrupt);
    } catch (IllegalStateException e) {
      // the JVM is already stopping: the hook writes the manifest as interrupted
    }
    Path tensorboard = null;
    try {
      tensorboard = RunTensorBoard.write(manifest.json(), runDir);
    } catch (IOException | RuntimeException e) {
      // The run's artifacts and manifest stand; `constcl report` writes the folder again.
      view.note("cannot write the TensorBoard folder of run " + runId + ": " + e.getMessage());
    }
    store.publishRun(runDir);
    view.finish(plan, states);
    return new Result(manifest.file(), counts, status, cacheLine, tensorboard);
  }

  private void changed(InstanceState s, Plan plan, Map<String, InstanceState> states, Manifest manifest) {
    manifest.update(s, plan.cellRoles());
    view.changed(s, plan, states);
  }

  /** Builds one instance on a worker thread; sets its final phase. */
  private void build(InstanceState s, Map<String, Artifact> inputs, String runId, TimeEstimator estimator) {
    StageInstance i = s.instance;
    try (ArtifactStore.BuildLock lock = waitForLock(i);
        ArtifactStore.RemoteClaim claim = store.claimRemote(i, view::note)) {
      // Another run (here, or another engine on a remote store) may have committed it while this one waited.
      store.forget(i);
      CacheDecision again = cache.check(i, digests(inputs));
      if (again.hit()) {
        s.artifact = again.artifact();
        s.reason = again.text() + " (built by a concurrent run)";
        s.phase = InstanceState.Phase.CACHED;
        return;
      }
      // The miss as it starts, not as it became ready: a sibling built while it waited for a slot is its nearest now.
      s.cache = again;
      s.reason = again.text();
      Stage stage = i.stage();
      Path work = store.workDir(i);
      if (!stage.info().resumable() && Files.exists(work)) {
        FileTrees.delete(work); // a killed data stage starts over
      }
      Files.createDirectories(stage.info().createsOutputFolder() ? work.getParent() : work);
      Path scratch = work.resolveSibling(i.key() + ".scratch");
      List<String> args = stage.arguments(i, inputs, work, scratch, options);
      Files.writeString(Path.of(s.log), "# constcl " + String.join(" ", args) + "\n", StandardCharsets.UTF_8);
      int workers = stage.workers(i);
      String failure;
      if (cluster != null && stage.resource() != Resource.BEAM) {
        failure = runOnCluster(s, args, workers > 1 ? stage.workerArguments(i, scratch) : List.of(), workers,
            scratch.resolve("attempts"));
      } else if (workers > 1) {
        failure = "constcl " + args.get(0) + " runs in " + workers + " processes (distribute.workers: " + workers
            + "), which only a Flink cluster starts for the engine: run with --flink-master (constcl cluster start)";
      } else {
        failure = runHere(s, args);
      }
      s.seconds = (System.nanoTime() - s.startedNanos) / 1e9;
      if (ChildJvm.stopping()) {
        s.phase = InstanceState.Phase.FAILED;
        s.reason = "interrupted";
        return;
      }
      if (failure != null) {
        s.phase = InstanceState.Phase.FAILED;
        s.reason = failure;
        return;
      }
      String marker = stage.info().doneMarker();
      if (!Files.exists(work.resolve(marker))) {
        s.phase = InstanceState.Phase.FAILED;
        s.reason = "constcl " + args.get(0) + " exited 0 but wrote no " + marker + " (log: " + s.log + ")";
        return;
      }
      s.artifact = store.commit(i, work, inputs, s.seconds, runId);
      FileTrees.delete(scratch);
      estimator.record(i, s.seconds);
      s.phase = InstanceState.Phase.BUILT;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      s.phase = InstanceState.Phase.FAILED;
      s.reason = "interrupted";
    } catch (IOException | RuntimeException e) {
      s.seconds = (System.nanoTime() - s.startedNanos) / 1e9;
      s.phase = InstanceState.Phase.FAILED;
      s.reason = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  /** Runs the stage in a child JVM of the engine; returns why it failed, or null. */
  private String runHere(InstanceState s, List<String> args) throws IOException, InterruptedException {
    Path log = Path.of(s.log);
    Integer gpu = s.instance.stage().resource() == Resource.TENSORFLOW ? gpus.poll() : null;
    int exit;
    try {
      if (warm != null && gpu == null) {
        // A worker appends to the stage's log, and later adds what it writes after the stage to it too.
        exit = warm.run(args, log);
      } else {
        // A worker's devices are fixed when it starts: a stage that must see one GPU gets a JVM of its own,
        // whose output goes to a file of its own (a redirect would overwrite the log's first line).
        Path childLog = Path.of(s.log + ".child");
        exit = ChildJvm.start(args, childLog, gpu == null ? Map.of() : Map.of("CUDA_VISIBLE_DEVICES", gpu.toString()))
            .waitFor();
        Files.write(log, Files.readAllBytes(childLog), java.nio.file.StandardOpenOption.APPEND);
        Files.delete(childLog);
      }
    } finally {
      if (gpu != null) {
        gpus.add(gpu);
      }
    }
    return exit == 0 ? null : "constcl " + args.get(0) + " exited with " + exit + ": " + lastError(log) + " (log: " + s.log + ")";
  }

  /**
   * Runs the stage as a job on the cluster; its attempts' logs are appended to the stage's log
   * and its attempts recorded in the manifest. Returns why it failed, or null.
   */
  private String runOnCluster(InstanceState s, List<String> args, List<String> workerArgs, int workers, Path attempts)
      throws IOException, InterruptedException {
    ClusterStageRun.Result r = ClusterStageRun.run(cluster, options, s.instance, args, workerArgs, workers, Path.of(s.log),
        attempts);
    s.clusterJob = r.jobId();
    s.attempts = r.attempts();
    return r.failure();
  }

  private ArtifactStore.BuildLock waitForLock(StageInstance i) throws InterruptedException {
    while (true) {
      ArtifactStore.BuildLock l = store.tryLock(i);
      if (l != null) {
        return l;
      }
      Thread.sleep(1000); // another process builds it; its commit is then a hit
    }
  }

  /** The last line of a child's log that reads like the error (constcl prints one line and exits). */
  private static String lastError(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      for (int k = lines.size() - 1; k >= 0; k--) {
        String l = lines.get(k);
        if (l.startsWith("constcl ")) {
          return l;
        }
      }
      return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
    } catch (IOException e) {
      return "log unreadable";
    }
  }

  private static Map<String, Artifact> inputs(StageInstance i, Map<String, InstanceState> states) {
    Map<String, Artifact> out = new LinkedHashMap<>();
    i.inputs().forEach((name, in) -> {
      if (in instanceof StageInput.Upstream u) {
        out.put(name, states.get(u.instance().key()).artifact);
      }
    });
    return out;
  }

  private static Map<String, String> digests(Map<String, Artifact> inputs) {
    Map<String, String> d = new LinkedHashMap<>();
    inputs.forEach((k, a) -> d.put(k, a.digest()));
    return d;
  }

  private static Map<String, Long> counts(Map<String, InstanceState> states) {
    Map<String, Long> c = new LinkedHashMap<>();
    for (InstanceState.Phase p : InstanceState.Phase.values()) {
      c.put(p.name().toLowerCase(), states.values().stream().filter(s -> s.phase == p).count());
    }
    return c;
  }

  private static String logName(StageInstance i) {
    return i.kind() + "-" + i.shortKey() + ".log";
  }

  private String newRunId(String name) {
    return store.reserveRun(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC))
        + "-" + name.replaceAll("[^A-Za-z0-9_.-]", "_"));
  }
}
