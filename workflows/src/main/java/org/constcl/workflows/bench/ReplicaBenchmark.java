package org.constcl.workflows.bench;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.constcl.tfmodel.head.ReconstructorConfig;
import org.constcl.tfmodel.model.ConstclModel;
import org.constcl.tfmodel.model.Distribution;
import org.constcl.tfmodel.model.ModelConfig;
import org.constcl.tfmodel.model.StepMemory;
import org.constcl.tfmodel.model.StepProfile;
import org.constcl.tfmodel.model.TrainingBatch;
import org.constcl.tfmodel.model.WorkerCluster;
import org.constcl.tfmodel.model.WorkerServer;
import org.constcl.tfmodel.nn.Precision;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Replicated layouts of one ConST-CL training step with the same global batch: towers on logical
 * CPU devices (intra-op threads shared, or one each) against the baseline of one replica on every
 * core; then bfloat16 products against float32. Measured one after another in this process.
 */
@Command(
    name = "replicas",
    mixinStandardHelpOptions = true,
    description = "One training step laid out as R towers vs one replica with the same global batch, and bfloat16"
        + " products vs float32 (docs/benchmarks.md).")
public final class ReplicaBenchmark extends BenchVerb {
  @Option(names = "--backbone", defaultValue = "r3d50", paramLabel = "<name>", description = "r3d50, small or tiny (default: ${DEFAULT-VALUE}).")
  String backbone;

  @Option(names = "--clips", defaultValue = "4", paramLabel = "<n>", description = "Global batch in clips, two views each (default: ${DEFAULT-VALUE}).")
  int clips;

  @Option(names = "--size", defaultValue = "112", paramLabel = "<px>", description = "View size (default: ${DEFAULT-VALUE}); 8 frames per view.")
  int size;

  @Option(names = "--replicas", defaultValue = "2", paramLabel = "<n>", description = "Towers of the replicated layouts (default: ${DEFAULT-VALUE}).")
  int replicas;

  @Option(names = "--precision-clips", defaultValue = "1,4", split = ",", paramLabel = "<n>",
      description = "Batches (clips) at which bfloat16 products are timed against float32 (default: ${DEFAULT-VALUE}).")
  List<Integer> precisionClips;

  @Mixin BenchOptions bench;

  /** One measured layout. */
  record Layout(String name, Distribution distribution, int threads) {}

  @Inject
  ReplicaBenchmark(Console console) {
    super(console);
  }

  @Override
  String measure() throws Exception {
    if (replicas < 2 || clips % replicas != 0) {
      throw CliException.usage("--replicas must be at least 2 and divide --clips (" + clips + ")");
    }
    int cores = Runtime.getRuntime().availableProcessors();
    List<Layout> layouts = List.of(
        new Layout("1 replica, " + cores + " intra-op threads (baseline)", Distribution.single(), cores),
        new Layout(replicas + " towers, sync BN, " + cores + " shared intra-op threads",
            new Distribution(replicas, true, "cpu"), cores),
        new Layout(replicas + " towers, sync BN, 1 intra-op thread (one per tower)",
            new Distribution(replicas, true, "cpu"), 1),
        new Layout(replicas + " towers, per-tower BN, " + cores + " shared intra-op threads",
            new Distribution(replicas, false, "cpu"), cores));
    if (clips % (2 * replicas) == 0) {
      layouts = new ArrayList<>(layouts);
      layouts.add(new Layout(replicas + " towers x 2 micro-batches, sync BN, " + cores + " shared threads",
          new Distribution(replicas, 2, true, "cpu", Precision.FLOAT32), cores));
    }
    List<Timings> times = new ArrayList<>();
    for (Layout l : layouts) {
      times.add(step(l, clips));
    }
    // The same towers in processes of their own: this JVM the chief, the others WorkerServer JVMs.
    WorkerCluster cluster = localCluster(replicas);
    StringBuilder traces = new StringBuilder();
    List<Process> workers = new ArrayList<>();
    try {
      for (int task = 1; task < replicas; task++) {
        workers.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), WorkerServer.class.getName(), cluster.toString(),
            Integer.toString(task), "1", "cpu", "1").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
      }
      Layout processes = new Layout(replicas + " processes on 127.0.0.1, sync BN, 1 intra-op thread each",
          new Distribution(1, 1, true, "cpu", Precision.FLOAT32, cluster), 1);
      Layout perTower = new Layout(replicas + " processes on 127.0.0.1, per-tower BN, 1 thread each",
          new Distribution(1, 1, false, "cpu", Precision.FLOAT32, cluster), 1);
      layouts = new ArrayList<>(layouts);
      for (Layout l : List.of(processes, perTower)) {
        layouts.add(l);
        times.add(step(l, clips));
      }
      // Where the time goes: one traced step of the processes, and of the same towers in one process.
      traces.append(String.format(Locale.ROOT, "where the time goes: one traced step each (FULL_TRACE; tracing adds time)%n"));
      for (Layout l : List.of(layouts.get(2), processes, perTower)) {
        traces.append("  ").append(l.name()).append(System.lineSeparator());
        traces.append(profile(l, clips).describe("    "));
      }
    } finally {
      workers.forEach(Process::destroyForcibly);
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "replicas benchmark: %s ConST-CL step, %d clips x 2 views x 8x%dx%d, %d cores, medians of %d%n",
        backbone, clips, size, size, cores, bench.repeats()));
    double base = times.get(0).median();
    for (int i = 0; i < layouts.size(); i++) {
      double t = times.get(i).median();
      sb.append(String.format(Locale.ROOT, "  %-58s %8.1f ms/step  %6.2f clips/s  throughput vs baseline %.2f%n",
          layouts.get(i).name(), t * 1e3, clips / t, base / t));
    }
    sb.append(traces);
    sb.append(String.format(Locale.ROOT, "micro-batches (gradient caching), %d clips, 1 replica; whole batch = baseline%n", clips));
    List<Integer> counts = new ArrayList<>();
    for (int k = clips; k >= 1; k /= 2) {
      if (clips % k == 0) {
        counts.add(k);
      }
    }
    if (!counts.contains(1)) {
      counts.add(1);
    }
    List<double[]> micro = new ArrayList<>();
    for (int k : counts) {
      double t = step(new Layout(k + " micro-batches", Distribution.microBatched(k), cores), clips).median();
      micro.add(new double[] {k, t});
    }
    double whole = micro.get(micro.size() - 1)[1];
    for (double[] m : micro) {
      sb.append(String.format(Locale.ROOT, "  %2d micro-batch(es) of %d clip(s): %8.1f ms/step  throughput vs whole batch %.2f%n",
          (int) m[0], clips / (int) m[0], m[1] * 1e3, whole / m[1]));
    }
    // Memory per micro-batch count: a micro-batch of m clips runs the forward and backward pass of
    // m clips, so its peak is that of a step of m clips (plus the cached representations, small).
    StepMemory estimate = StepMemory.of(modelConfig(Distribution.single(), cores, clips));
    sb.append(String.format(Locale.ROOT, "peak memory per micro-batch count, %d clips (TensorFlow's traced allocator peak"
        + " of one micro-batch's forward and backward pass vs the planner's estimate: state %.0f MB + m x %.0f MB)%n",
        clips, estimate.stateBytes() / 1e6, estimate.activationBytesPerClip() / 1e6));
    for (int k : counts) {
      int m = clips / k;
      ModelConfig one = modelConfig(Distribution.single(), cores, m);
      long measured;
      try (ConstclModel model = ConstclModel.build(one)) {
        model.initialize();
        measured = StepMemory.measuredPeakBytes(model, ModelBenchmark.syntheticBatch(one));
      }
      long planned = estimate.stateBytes() + m * estimate.activationBytesPerClip();
      sb.append(String.format(Locale.ROOT, "  %2d micro-batch(es) of %d clip(s): measured %8.0f MB  estimate %8.0f MB"
          + "  estimate / measured %.2f%n", k, m, measured / 1e6, planned / 1e6, (double) planned / measured));
    }
    sb.append(String.format(Locale.ROOT, "bfloat16 products vs float32 (baseline), 1 replica, %d intra-op threads%n", cores));
    for (int n : precisionClips) {
      double f32 = step(new Layout("float32", Distribution.single(), cores), n).median();
      double bf16 = step(new Layout("bfloat16", new Distribution(1, true, "cpu", Precision.BFLOAT16), cores), n).median();
      sb.append(String.format(Locale.ROOT, "  %d clip(s): float32 %8.1f ms/step  bfloat16 %8.1f ms/step  throughput vs float32 %.2f%n",
          n, f32 * 1e3, bf16 * 1e3, f32 / bf16));
    }
    return sb.toString();
  }

  /** {@code n} free ports on 127.0.0.1, this process first. */
  private static WorkerCluster localCluster(int n) throws java.io.IOException {
    List<java.net.ServerSocket> sockets = new ArrayList<>();
    try {
      List<String> addresses = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        java.net.ServerSocket socket = new java.net.ServerSocket(0);
        sockets.add(socket);
        addresses.add("127.0.0.1:" + socket.getLocalPort());
      }
      return WorkerCluster.of(addresses);
    } finally {
      for (java.net.ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  private ModelConfig modelConfig(Distribution distribution, int threads, int clipsPerBatch) {
    return ModelConfig.builder().backbone(backbone).frames(8).size(size).clipsPerBatch(clipsPerBatch).regions(8)
        .reconstructor(new ReconstructorConfig(3, 4, 0.5f, 128, 3, 3, 1e-12f, 0f))
        .threads(threads).distribution(distribution).build();
  }

  /** One traced step of {@code layout} after the same warm-up steps as {@link #step}. */
  private StepProfile profile(Layout layout, int clipsPerBatch) {
    ModelConfig config = modelConfig(layout.distribution(), layout.threads(), clipsPerBatch);
    try (ConstclModel m = ConstclModel.build(config)) {
      m.initialize();
      TrainingBatch batch = ModelBenchmark.syntheticBatch(config);
      for (int i = 0; i < 2; i++) {
        m.trainStep(batch);
      }
      return m.profileStep(batch);
    }
  }

  private Timings step(Layout layout, int clipsPerBatch) throws Exception {
    ModelConfig config = modelConfig(layout.distribution(), layout.threads(), clipsPerBatch);
    try (ConstclModel m = ConstclModel.build(config)) {
      m.initialize();
      TrainingBatch batch = ModelBenchmark.syntheticBatch(config);
      for (int i = 0; i < 2; i++) {
        m.trainStep(batch); // first runs: graph optimisation, kernel set-up
      }
      return Timings.measure(bench.repeats(), i -> m.trainStep(batch));
    }
  }
}
