package org.constcl.workflows.bench;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.constcl.tfmodel.backbone.Endpoints;
import org.constcl.tfmodel.backbone.R3dBackbone;
import org.constcl.tfmodel.backbone.R3dSpec;
import org.constcl.tfmodel.head.ReconstructorConfig;
import org.constcl.tfmodel.model.ConstclModel;
import org.constcl.tfmodel.model.ModelConfig;
import org.constcl.tfmodel.model.TrainingBatch;
import org.constcl.tfmodel.nn.Mode;
import org.constcl.tfmodel.nn.VariableStore;
import org.constcl.tfmodel.train.MomentumOptimizer;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Training-step speed of the ConST-CL graph against the machine's practical peak, all through the
 * same TensorFlow runtime in one invocation: a large float32 MatMul gives the peak GFLOP/s; a
 * backbone step (forward, backward, momentum update) and a full ConST-CL step are timed, and their
 * achieved GFLOP/s are convolution FLOPs from static shapes (2 per multiply-accumulate, forward ×3
 * for forward + backward) over the step time.
 */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "Training-step speed (backbone and full ConST-CL, r3d50 and small) vs a float32 MatMul peak.")
public final class ModelBenchmark extends BenchVerb {
  /** One measured workload. */
  public record Row(String name, double gflopPerStep, Timings step) {
    double gflops() {
      return gflopPerStep / step.median();
    }
  }

  /** One back-to-back pair: the PyTorch peer's step, then constcl's, per batch size. */
  public record Pair(double matmulGflops, Map<Integer, Double> torchMillis, Map<Integer, Row> constcl) {
    /** constcl's throughput over the peer's (> 1: constcl is faster). */
    double ratio(int batch) {
      return torchMillis.get(batch) / (constcl.get(batch).step().median() * 1e3);
    }
  }

  /** Results of one run. */
  public record Result(int threads, double matmulGflops, List<Row> rows, long peakRssBytes) {
    public String report() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "model benchmark: %d intra-op threads, medians%n", threads));
      sb.append(String.format(Locale.ROOT, "  baseline float32 MatMul 2048x2048 (practical peak): %7.1f GFLOP/s%n", matmulGflops));
      for (Row r : rows) {
        sb.append(String.format(Locale.ROOT, "  %-58s %8.1f ms/step  %6.1f GFLOP/step  %7.1f GFLOP/s  ratio to peak %.2f%n",
            r.name(), r.step().median() * 1e3, r.gflopPerStep(), r.gflops(), r.gflops() / matmulGflops));
      }
      sb.append(String.format(Locale.ROOT, "  peak RSS of this JVM: %.0f MB%n", peakRssBytes / 1e6));
      return sb.toString();
    }
  }

  @Option(names = "--steps", defaultValue = "10", paramLabel = "<n>", description = "Timed steps per workload (default: 10).")
  int steps;

  @Option(names = "--threads", defaultValue = "0", paramLabel = "<n>", description = "Intra-op threads (default: one per core).")
  int threads;

  @Option(names = "--batches", defaultValue = "4,8,16", split = ",", paramLabel = "<n>",
      description = "Batch sizes of the r3d50 step compared with the PyTorch peer (default: ${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Option(names = "--torch-peer", paramLabel = "<file>",
      description = "The PyTorch peer's r3d50_step.py (../shared/bench/torch-r3d50/): run it and constcl back to back"
          + " in --pairs pairs and print the throughput ratio per batch size, instead of the default workloads.")
  Path torchPeer;

  @Option(names = "--python", defaultValue = "/usr/bin/python3", paramLabel = "<exe>",
      description = "Interpreter with torch for the peer (default: ${DEFAULT-VALUE}, Debian's python3-torch).")
  String python;

  @Option(names = "--pairs", defaultValue = "3", paramLabel = "<n>", description = "Back-to-back pairs with the peer (default: 3).")
  int pairs;

  @Option(names = "--profile", description = "Also print where one r3d50 step goes, per TensorFlow op type (a traced step).")
  boolean profile;

  @Inject
  ModelBenchmark(Console console) {
    super(console);
  }

  @Override
  String measure() throws Exception {
    if (steps < 1) {
      throw CliException.usage("--steps must be at least 1");
    }
    int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    if (torchPeer != null) {
      return versusTorch(new TorchPeer(torchPeer, python), t);
    }
    String report = run(steps, t).report();
    return profile ? report + profile(4, t) : report;
  }

  /**
   * {@code pairs} back-to-back pairs: the peer process times every batch size, then this JVM times
   * constcl's r3d50 backbone step at the same sizes (and the MatMul peak, so the ratio to peak is
   * of the same minute). The machine is shared and noisy; pairs, not single runs, are compared.
   */
  private String versusTorch(TorchPeer peer, int t) throws Exception {
    String why = peer.unavailable();
    if (why != null) {
      throw CliException.usage("PyTorch peer unavailable: " + why);
    }
    if (pairs < 1 || batches.isEmpty() || batches.stream().anyMatch(b -> b < 1)) {
      throw CliException.usage("--pairs and every --batches value must be at least 1");
    }
    List<Pair> done = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      Map<Integer, Double> torch = peer.stepMillis(batches, t);
      for (int b : batches) {
        if (!torch.containsKey(b)) {
          throw new IOException("the PyTorch peer printed no time for batch " + b);
        }
      }
      double matmul = matmulGflops(t, Math.max(10, steps * 2));
      Map<Integer, Row> constcl = new LinkedHashMap<>();
      for (int b : batches) {
        constcl.put(b, backboneStep("r3d50", b, t, steps, null));
      }
      done.add(new Pair(matmul, torch, constcl));
      System.err.printf(Locale.ROOT, "pair %d of %d done%n", i + 1, pairs);
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT,
        "r3d50 training step vs the PyTorch peer (%s): %d intra-op threads, %d timed steps each, medians, %d pairs%n",
        torchPeer, t, steps, pairs));
    sb.append(String.format(Locale.ROOT, "  %-5s %-6s %12s %12s %10s %14s %12s%n",
        "pair", "batch", "PyTorch ms", "constcl ms", "ratio", "constcl GFLOP/s", "of peak"));
    for (int i = 0; i < done.size(); i++) {
      Pair p = done.get(i);
      for (int b : batches) {
        Row r = p.constcl().get(b);
        sb.append(String.format(Locale.ROOT, "  %-5d %-6d %12.1f %12.1f %10.2f %14.1f %12.2f%n", i + 1, b,
            p.torchMillis().get(b), r.step().median() * 1e3, p.ratio(b), r.gflops(), r.gflops() / p.matmulGflops()));
      }
    }
    for (int b : batches) {
      double[] ratios = done.stream().mapToDouble(p -> p.ratio(b)).sorted().toArray();
      sb.append(String.format(Locale.ROOT, "  batch %d: throughput ratio constcl / PyTorch min %.2f, median %.2f (target >= 1.0 in every pair: %s)%n",
          b, ratios[0], ratios[ratios.length / 2], ratios[0] >= 1.0 ? "met" : "missed"));
    }
    sb.append(String.format(Locale.ROOT, "  peak RSS of this JVM: %.0f MB%n", peakRss() / 1e6));
    return sb.toString();
  }

  /** Where one traced r3d50 step at {@code batch} goes, per op type. */
  static String profile(int batch, int threads) {
    StringBuilder report = new StringBuilder();
    backboneStep("r3d50", batch, threads, 3, report);
    return report.toString();
  }

  /** Runs every workload with {@code steps} timed steps each, on {@code threads} intra-op threads. */
  public static Result run(int steps, int threads) throws IOException {
    double matmul = matmulGflops(threads, Math.max(10, steps * 2));
    List<Row> rows = new ArrayList<>();
    rows.add(backboneStep("r3d50", 1, threads, steps, null));
    rows.add(backboneStep("r3d50", 4, threads, Math.max(2, steps / 2), null));
    rows.add(modelStep("r3d50", 3, threads, Math.max(2, steps / 2)));
    rows.add(backboneStep("small", 1, threads, steps * 3, null));
    rows.add(modelStep("small", 3, threads, steps * 3));
    return new Result(threads, matmul, rows, peakRss());
  }

  private static ConfigProto session(int threads) {
    return ConfigProto.newBuilder().setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(1).build();
  }

  static double matmulGflops(int threads, int repeats) {
    int n = 2048;
    try (Graph g = new Graph(); Session s = new Session(g, session(threads))) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> a = tf.variable(tf.withInitScope().random.randomUniform(tf.constant(new long[] {n, n}), TFloat32.class, RandomUniform.seed(1L)));
      Operand<TFloat32> b = tf.variable(tf.withInitScope().random.randomUniform(tf.constant(new long[] {n, n}), TFloat32.class, RandomUniform.seed(2L)));
      // Reduce to a scalar so fetching does not copy 16 MB out each time.
      Operand<TFloat32> c = tf.sum(tf.linalg.matMul(a, b), tf.constant(new int[] {0, 1}));
      s.initialize();
      for (int i = 0; i < 3; i++) {
        s.runner().fetch(c).run().close();
      }
      Timings t = measure(repeats, () -> s.runner().fetch(c).run().close());
      return 2.0 * n * n * n / t.median() / 1e9;
    }
  }

  /**
   * Backbone only, batch × 8×112×112: forward, loss, backward, momentum update of every weight.
   * With a {@code profile}, one more step runs traced and its per-op-type breakdown is appended there.
   */
  static Row backboneStep(String spec, int batch, int threads, int repeats, StringBuilder profile) {
    try (Graph g = new Graph(); Session s = new Session(g, session(threads))) {
      Ops tf = Ops.create(g);
      VariableStore vars = new VariableStore(tf, 1);
      R3dBackbone backbone = new R3dBackbone(vars, R3dSpec.named(spec), 0.9f, 1e-5f);
      MomentumOptimizer opt = MomentumOptimizer.sgd(0.9f);
      MomentumOptimizer.Slots slots = opt.createSlots(vars);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(batch, 8, 112, 112, 3)));
      Mode mode = Mode.training();
      Endpoints e = backbone.apply(x, mode);
      Operand<TFloat32> loss = tf.math.add(meanSquare(tf, e.globalMap()), meanSquare(tf, e.localMap()));
      Output<?>[] xs = slots.variables().stream().map(Operand::asOutput).toArray(Output<?>[]::new);
      Output<?>[] grads = g.addGradients(loss.asOutput(), xs);
      List<Op> targets = new ArrayList<>(opt.apply(tf, slots, grads, tf.constant(0.01f)));
      targets.addAll(mode.updates());
      s.initialize();
      float[] input = new float[batch * 8 * 112 * 112 * 3];
      Random r = new Random(1);
      for (int i = 0; i < input.length; i++) {
        input[i] = r.nextFloat() * 2 - 1;
      }
      try (TFloat32 in = TFloat32.tensorOf(x.shape(), t -> t.asRawTensor().data().asFloats().write(input))) {
        Runnable step = () -> {
          Session.Runner run = s.runner().feed(x, in).fetch(loss);
          targets.forEach(run::addTarget);
          run.run().close();
        };
        for (int i = 0; i < 2; i++) {
          step.run();
        }
        Timings t = measure(repeats, step);
        String name = spec + " backbone step, " + batch + " x 8x112x112";
        if (profile != null) {
          Session.Runner run = s.runner().feed(x, in).fetch(loss).setOptions(
              RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build());
          targets.forEach(run::addTarget);
          try (org.tensorflow.Result traced = run.runAndFetchMetadata()) {
            profile.append(OpTimes.of(traced.getMetadata().orElseThrow().getStepStats()).report(name + ", one traced step ("
                + String.format(Locale.ROOT, "%.1f", t.median() * 1e3) + " ms untraced median)", 20));
          }
        }
        return new Row(name, 3.0 * e.cost().forwardFlops() / 1e9, t);
      }
    }
  }

  /** A full ConST-CL training step: one clip, two views of 8×112×112, 8 boxes each. */
  static Row modelStep(String spec, int context, int threads, int repeats) {
    ModelConfig config = ModelConfig.builder().backbone(spec).frames(8).size(112).clipsPerBatch(1).regions(8)
        .reconstructor(new ReconstructorConfig(context, 4, 0.5f, 128, 3, 3, 1e-12f, 0f)).threads(threads).build();
    try (ConstclModel m = ConstclModel.build(config)) {
      m.initialize();
      TrainingBatch batch = syntheticBatch(config);
      for (int i = 0; i < 2; i++) {
        m.trainStep(batch);
      }
      Timings t = measure(repeats, () -> m.trainStep(batch));
      return new Row(spec + " ConST-CL step, 1 clip = 2 views x 8x112x112 (context " + context + ")",
          3.0 * m.forwardConvFlops() / 1e9, t);
    }
  }

  /** A seeded batch of random frames and valid boxes shaped for {@code config}. */
  static TrainingBatch syntheticBatch(ModelConfig config) {
    int views = 2 * config.clipsPerBatch();
    int regions = config.regions();
    byte[] clips = new byte[views * config.frames() * config.size() * config.size() * 3];
    new Random(2).nextBytes(clips);
    float[] boxes = new float[views * regions * 4];
    float[] masks = new float[views * regions];
    Random r = new Random(3);
    for (int i = 0; i < views * regions; i++) {
      float y = r.nextFloat() * 0.5f;
      float x = r.nextFloat() * 0.5f;
      boxes[4 * i] = y;
      boxes[4 * i + 1] = x;
      boxes[4 * i + 2] = y + 0.4f;
      boxes[4 * i + 3] = x + 0.4f;
      masks[i] = 1f;
    }
    return new TrainingBatch(clips, boxes, masks);
  }

  private static Operand<TFloat32> meanSquare(Ops tf, Operand<TFloat32> x) {
    return tf.math.mean(tf.math.square(x), tf.constant(new int[] {0, 1, 2, 3, 4}));
  }

  private static Timings measure(int repeats, Runnable step) {
    try {
      return Timings.measure(repeats, i -> step.run());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static long peakRss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }

}
