package org.constcl.tfmodel.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.constcl.tfmodel.backbone.Endpoints;
import org.constcl.tfmodel.backbone.R3dBackbone;
import org.constcl.tfmodel.head.GlobalMlpHead;
import org.constcl.tfmodel.head.InstanceReconstructor;
import org.constcl.tfmodel.head.ReconstructorOutputs;
import org.constcl.tfmodel.loss.GlobalContrastiveLoss;
import org.constcl.tfmodel.loss.InstanceContrastiveLoss;
import org.constcl.tfmodel.loss.WeightDecay;
import org.constcl.tfmodel.nn.Initializer;
import org.constcl.tfmodel.nn.Mode;
import org.constcl.tfmodel.nn.TowerGroup;
import org.constcl.tfmodel.nn.VariableStore;
import org.constcl.tfmodel.run.Checkpointable;
import org.constcl.tfmodel.run.RunLayout;
import org.constcl.tfmodel.train.MomentumOptimizer;
import org.tensorflow.Graph;
import org.tensorflow.GraphMirror;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.TargetedSession;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * A ConST-CL model: one TensorFlow graph holding the training path (backbone with batch
 * statistics, global head and NT-Xent, instance reconstructor and local loss, weight decay,
 * gradients of the trainable variables, momentum updates, batch-norm moving averages, the learning
 * rate schedule and step counter) and a serving path over the same variables (moving statistics;
 * uint8 clips of any batch size to the global embedding, the pooled feature and every backbone
 * endpoint). Owns its graph and session; close it.
 *
 * <pre>{@code
 * try (ConstclModel m = ConstclModel.build(config)) {
 *   m.initialize();
 *   StepMetrics s = m.trainStep(batch);
 *   m.saveCheckpoint(dir);
 *   m.exportSavedModel(savedModelDir);
 * }
 * }</pre>
 */
public final class ConstclModel implements Checkpointable, AutoCloseable {
  /** Signature of the serving path: uint8 clips → {@code embedding} and {@code pooled}. */
  public static final String SERVING_SIGNATURE = "serving_default";
  /** Signature returning every backbone endpoint for downstream tasks. */
  public static final String FEATURES_SIGNATURE = "features";
  static final String CONFIG_FILE = "model.json";

  private final ModelConfig config;
  private final Graph graph;
  /** Replicated layouts: the graph the session runs, with the backward pass on the towers' devices. */
  private final GraphMirror mirror;
  private final Session session;
  /** A worker failed a step: the session cannot be closed without waiting on it. */
  private volatile boolean abandoned;
  private final VariableStore vars;
  private final Placeholder<TUint8> clips;
  private final Placeholder<TFloat32> boxes;
  private final Placeholder<TFloat32> masks;
  private final Operand<TFloat32> total;
  private final Operand<TFloat32> objective;
  private final GlobalContrastiveLoss.Result global;
  private final Operand<TFloat32> local;
  private final Operand<TFloat32> weightDecay;
  private final Operand<TFloat32> learningRate;
  private final Operand<TFloat32> stepBefore;
  private final Op train;
  private final Endpoints trainingEndpoints;
  private final ReconstructorOutputs reconstructed;
  private final Placeholder<TUint8> servingClips;
  private final Operand<TFloat32> servingEmbedding;
  private final Operand<TFloat32> servingPooled;
  private final Endpoints servingEndpoints;
  private final R3dBackbone backbone;
  private final InstanceReconstructor reconstructor;
  private final GlobalMlpHead head;
  private final GradientCachedStep cached;
  private AttentionProbe probe;
  private ValidationProbe validation;

  private ConstclModel(ModelConfig config) {
    this.config = config;
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      vars = new VariableStore(tf, config.seed()).withPrecision(config.distribution().precision());
      backbone = new R3dBackbone(vars, config.spec(), config.bnMomentum(), config.bnEpsilon());
      long channels = config.spec().outChannels();
      head = new GlobalMlpHead(vars, channels, config.mlpHiddenLayers(), config.mlpHiddenWidth(),
          config.embeddingWidth(), config.bnMomentum(), config.bnEpsilon());
      reconstructor = new InstanceReconstructor(vars, config.reconstructor(), channels, channels, config.seed());

      // Slots and the step counter before the forward graph: the variables stay together in the graph.
      MomentumOptimizer.Slots slots = config.optimizer().createSlots(vars);
      Variable<TFloat32> step = vars.state("optimizer/step", new long[0], Initializer.constant(0f));

      int views = 2 * config.clipsPerBatch();
      clips = tf.withName("clips").placeholder(TUint8.class,
          Placeholder.shape(Shape.of(views, config.frames(), config.size(), config.size(), 3)));
      boxes = tf.withName("boxes").placeholder(TFloat32.class, Placeholder.shape(Shape.of(views, config.regions(), 4)));
      masks = tf.withName("masks").placeholder(TFloat32.class, Placeholder.shape(Shape.of(views, config.regions())));
      TrainingPath path = config.distribution().replicated() ? replicatedPath(tf) : singleDevicePath(tf);
      trainingEndpoints = path.endpoints();
      reconstructed = path.reconstructed();
      global = path.global();
      local = path.local();
      weightDecay = path.weightDecay();
      total = path.total();
      objective = path.objective();
      // A copy: Identity of a ref variable would alias its buffer and show the incremented value.
      stepBefore = tf.math.add(step, tf.constant(0f));
      learningRate = config.schedule().apply(tf, stepBefore);
      train = config.optimizer().minimize(tf, graph, objective, List.of(slots), learningRate,
          List.of(total, global.loss(), global.accuracy(), global.entropy(), local, weightDecay, stepBefore),
          path.updates(), step, "train");
      cached = config.distribution().microBatches() > 1
          ? new GradientCachedStep(graph, tf, config, vars, backbone, head, reconstructor, slots, step) : null;
      servingClips = tf.withName("serving_clips").placeholder(TUint8.class,
          Placeholder.shape(Shape.of(-1, config.frames(), config.size(), config.size(), 3)));
      Mode inference = Mode.inference();
      servingEndpoints = backbone.apply(toUnitRange(tf, servingClips), inference);
      servingPooled = globalPool(tf, servingEndpoints.globalMap());
      servingEmbedding = InstanceReconstructor.l2Normalize(tf, head.apply(servingPooled, inference));
      GraphMirror placed = config.distribution().replicated()
          ? new GraphMirror(graph, def -> GradientPlacement.place(def, GradientPlacement.staticSizes(graph))) : null;
      mirror = placed;
      try {
        session = openSession(graph, placed, config.threads(), config.distribution());
      } catch (RuntimeException e) {
        if (placed != null) {
          placed.close();
        }
        throw e;
      }
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** The training path's tensors: what the optimizer differentiates and what a step reports. */
  private record TrainingPath(Operand<TFloat32> objective, Operand<TFloat32> total, GlobalContrastiveLoss.Result global,
      Operand<TFloat32> local, Operand<TFloat32> weightDecay, Endpoints endpoints, ReconstructorOutputs reconstructed,
      List<Op> updates) {}

  private TrainingPath singleDevicePath(Ops tf) {
    Mode training = Mode.training();
    Endpoints endpoints = backbone.apply(toUnitRange(tf, clips), training);
    Operand<TFloat32> embeddings = head.apply(globalPool(tf, endpoints.globalMap()), training);
    GlobalContrastiveLoss.Result g = GlobalContrastiveLoss.apply(tf, embeddings, config.globalTemperature());
    ReconstructorOutputs rec = reconstructor.apply(endpoints.localMap(), boxes, masks, training);
    Operand<TFloat32> l = InstanceContrastiveLoss.apply(tf, rec.instA2b(), rec.instB2a(), rec.instA(), rec.instB(),
        rec.masksA(), rec.masksB(), config.localTemperature());
    Operand<TFloat32> wd = WeightDecay.apply(tf, vars.kernels(), config.weightDecay());
    Operand<TFloat32> t = tf.withName("total_loss").math.addN(List.of(
        tf.math.mul(g.loss(), tf.constant(config.globalWeight())),
        tf.math.mul(l, tf.constant(config.localWeight())),
        wd));
    return new TrainingPath(t, t, g, l, wd, endpoints, rec, training.updates());
  }

  /** One tower's forward pass. */
  private record Tower(Ops ops, Endpoints endpoints, Operand<TFloat32> embeddings, ReconstructorOutputs reconstructed,
      List<Op> updates) {}

  /**
   * R towers, one per device, each on its slice of the batch (clips r·b … (r+1)·b − 1 of both
   * views), built in lockstep so batch norm can synchronise ({@link TowerGroup}). Replica r's loss
   * is the single-device loss of its clips against the global batch's negatives plus weight
   * decay; the objective is their sum (reference §4.4: per-replica losses, gradients summed); the
   * reported losses are their means, comparable with a single-device run's.
   */
  private TrainingPath replicatedPath(Ops tf) {
    Distribution layout = config.distribution();
    int replicas = layout.towers();
    int perTower = config.clipsPerBatch() / replicas;
    List<Tower> towers = TowerGroup.run(replicas, member -> {
      int r = member.index();
      Ops ops = tf.withSubScope("tower_" + r).withDevice(layout.deviceSpec(r));
      return vars.inTower(ops, () -> {
        Operand<org.tensorflow.types.TInt32> rows = ops.constant(towerRows(config.clipsPerBatch(), perTower, r));
        Operand<org.tensorflow.types.TInt32> axis = ops.constant(0);
        Mode training = Mode.training(member, layout.syncBatchNorm());
        Endpoints endpoints = backbone.apply(toUnitRange(ops, ops.gather(clips, rows, axis)), training);
        Operand<TFloat32> embeddings = head.apply(globalPool(ops, endpoints.globalMap()), training);
        ReconstructorOutputs rec = reconstructor.apply(endpoints.localMap(), ops.gather(boxes, rows, axis),
            ops.gather(masks, rows, axis), training);
        return new Tower(ops, endpoints, embeddings, rec, training.updates());
      });
    });
    List<Ops> ops = towers.stream().map(Tower::ops).toList();
    List<GlobalContrastiveLoss.Result> globals =
        GlobalContrastiveLoss.applyReplicas(ops, towers.stream().map(Tower::embeddings).toList(), config.globalTemperature());
    List<Operand<TFloat32>> locals = InstanceContrastiveLoss.applyReplicas(ops, towers.stream()
        .map(t -> new InstanceContrastiveLoss.Replica(t.reconstructed().instA2b(), t.reconstructed().instB2a(),
            t.reconstructed().instA(), t.reconstructed().instB(), t.reconstructed().masksA(), t.reconstructed().masksB()))
        .toList(), config.localTemperature());
    Operand<TFloat32> wd = WeightDecay.apply(tf, vars.kernels(), config.weightDecay());
    List<Operand<TFloat32>> replicaTotals = new java.util.ArrayList<>();
    List<Op> updates = new java.util.ArrayList<>();
    for (int r = 0; r < replicas; r++) {
      Ops t = ops.get(r);
      replicaTotals.add(t.math.addN(List.of(
          t.math.mul(globals.get(r).loss(), t.constant(config.globalWeight())),
          t.math.mul(locals.get(r), t.constant(config.localWeight())),
          wd)));
      updates.addAll(towers.get(r).updates());
    }
    Operand<TFloat32> objective = tf.withName("replica_loss_sum").math.addN(replicaTotals);
    GlobalContrastiveLoss.Result g = new GlobalContrastiveLoss.Result(
        meanOf(tf, globals.stream().map(GlobalContrastiveLoss.Result::loss).toList()),
        meanOf(tf, globals.stream().map(GlobalContrastiveLoss.Result::accuracy).toList()),
        meanOf(tf, globals.stream().map(GlobalContrastiveLoss.Result::entropy).toList()));
    Operand<TFloat32> total = tf.withName("total_loss").math.mul(objective, tf.constant(1f / replicas));
    return new TrainingPath(objective, total, g, meanOf(tf, locals), wd, towers.get(0).endpoints(),
        towers.get(0).reconstructed(), updates);
  }

  /** Rows of the [2B, …] batch (view a of every clip, then view b) that tower {@code r} takes. */
  static int[] towerRows(int clips, int perTower, int r) {
    int[] rows = new int[2 * perTower];
    for (int i = 0; i < perTower; i++) {
      rows[i] = r * perTower + i;
      rows[perTower + i] = clips + r * perTower + i;
    }
    return rows;
  }

  /** The mean of scalars {@code xs}, as the replicated step reports its replicas' losses. */
  static Operand<TFloat32> meanOf(Ops tf, List<Operand<TFloat32>> xs) {
    return tf.math.mul(tf.math.addN(xs), tf.constant(1f / xs.size()));
  }

  /** Builds the graph and a session for {@code config}; call {@link #initialize()} or restore a checkpoint. */
  public static ConstclModel build(ModelConfig config) {
    return new ConstclModel(config);
  }

  /**
   * A session on {@code graph} with {@code threads} intra-op threads (0: one per core) and one
   * inter-op thread: ops run one after another, each on every core, which keeps CPU runs repeatable.
   */
  public static Session openSession(Graph graph, int threads) {
    return openSession(graph, null, threads, Distribution.single());
  }

  /**
   * As above, with one logical CPU device per replica when a replicated layout runs on CPU. The
   * towers' ops may then run side by side (inter-op threads = replicas); each still runs on every
   * intra-op thread, so results do not depend on which finishes first.
   */
  static Session openSession(Graph graph, GraphMirror mirror, int threads, Distribution layout) {
    ConfigProto.Builder proto = sessionConfig(threads, layout);
    if (!layout.distributed()) {
      return mirror == null ? new Session(graph, proto.build()) : mirror.open("", proto.build());
    }
    // In-graph replication: this process is task 0 (the master, the variables, the step); the
    // other workers' servers run with the same devices and threads (constcl train-worker).
    WorkerCluster cluster = layout.workers();
    proto.setOperationTimeoutInMs(cluster.stepTimeout().toMillis());
    ConfigProto config = proto.build();
    LocalServers.ensure(cluster.serverDef(0, config));
    cluster.awaitWorkers();
    return mirror == null ? TargetedSession.open(graph, cluster.chiefTarget(), config) : mirror.open(cluster.chiefTarget(), config);
  }

  /**
   * The session settings of {@code layout} on one process: intra-op threads, one inter-op thread
   * per replica, one logical CPU device per replica (CPU layouts), soft placement (GPU layouts).
   */
  public static ConfigProto.Builder sessionConfig(int threads, Distribution layout) {
    ConfigProto.Builder proto = ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(threads > 0 ? threads : Runtime.getRuntime().availableProcessors())
        .setInterOpParallelismThreads(layout.replicas())
        .setGraphOptions(graphOptions());
    if (layout.replicated() && "cpu".equals(layout.deviceType())) {
      proto.putDeviceCount("CPU", layout.replicas());
    }
    if (layout.replicated() && "gpu".equals(layout.deviceType())) {
      proto.setAllowSoftPlacement(true); // ops without a GPU kernel (image ops, string ops) fall back to the CPU
    }
    return proto;
  }

  /**
   * Grappler, TensorFlow's graph optimiser, once instead of twice, without its TFG (MLIR) pass and
   * without the memory optimiser (swapping and recomputation, for accelerators): on the cpu-small
   * training graph its first run drops from 1.6 to 1.2 s of the stage's start-up, and the second
   * round removed only a few dozen of 2,900 nodes; losses are bit-identical either way
   * (docs/benchmarks.md, "Stage start-up").
   */
  static GraphOptions graphOptions() {
    return GraphOptions.newBuilder().setRewriteOptions(RewriterConfig.newBuilder()
        .setMetaOptimizerIterations(RewriterConfig.NumIterationsType.ONE)
        .setDisableTfgOptimizer(true)
        .setMemoryOptimization(RewriterConfig.MemOptType.NO_MEM_OPT))
        .build();
  }

  /** uint8 [0, 255] → float [-1, 1] (reference §5.2). */
  public static Operand<TFloat32> toUnitRange(Ops tf, Operand<TUint8> clips) {
    return tf.math.sub(tf.math.mul(tf.dtypes.cast(clips, TFloat32.class), tf.constant(2f / 255f)), tf.constant(1f));
  }

  /** Mean over time, height and width of a [N, T, H, W, C] map. */
  public static Operand<TFloat32> globalPool(Ops tf, Operand<TFloat32> map) {
    return tf.math.mean(map, tf.constant(new int[] {1, 2, 3}));
  }

  public ModelConfig config() {
    return config;
  }

  /** Sets every variable to its seeded initial value. */
  public void initialize() {
    onWorkers(session::initialize);
  }

  /** One training step on {@code batch}: forward, backward, updates. */
  public StepMetrics trainStep(TrainingBatch batch) {
    checkBatch(batch);
    if (cached != null) {
      return cached.run(session, batch);
    }
    StepMetrics[] out = new StepMetrics[1];
    onWorkers(() -> out[0] = runStep(batch));
    return out[0];
  }

  private void checkBatch(TrainingBatch batch) {
    int views = 2 * config.clipsPerBatch();
    long frameBytes = (long) views * config.frames() * config.size() * config.size() * 3;
    check(batch.clips().length == frameBytes, "clips", frameBytes, batch.clips().length);
    check(batch.boxes().length == (long) views * config.regions() * 4, "boxes", (long) views * config.regions() * 4, batch.boxes().length);
    check(batch.masks().length == (long) views * config.regions(), "masks", (long) views * config.regions(), batch.masks().length);
  }

  /** Runs {@code work}; on a cluster, a TensorFlow error becomes one that names the failed workers. */
  private void onWorkers(Runnable work) {
    try {
      work.run();
    } catch (org.tensorflow.exceptions.TensorFlowException e) {
      throw config.distribution().distributed() ? workerFailure(e) : e;
    }
  }

  /**
   * A step that failed on a cluster, as an error that names the workers TensorFlow's message
   * names (a killed worker: "connection refused" or "socket closed" from task i).
   */
  private IllegalStateException workerFailure(RuntimeException e) {
    abandoned = true;
    WorkerCluster cluster = config.distribution().workers();
    java.util.List<String> named = cluster.workersNamedIn(e.getMessage());
    String who = named.isEmpty() ? "a worker of " + cluster : "worker " + String.join(", ", named);
    return new IllegalStateException("training failed on " + who + ": " + firstLine(e.getMessage())
        + " (re-run to resume from the last checkpoint once every worker runs)", e);
  }

  /**
   * The line of a distributed runtime error that says what happened ("Socket closed", "failed to
   * connect to all addresses"): TensorFlow puts "From /job:…:" first and gRPC details after it.
   */
  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    for (String line : message.split("\n")) {
      String text = line.replaceAll("From /job:[^:]+/replica:\\d+/task:\\d+:", "").strip();
      if (!text.isEmpty() && !text.startsWith("Additional GRPC error") && !text.startsWith(":{") && !text.startsWith("[[")) {
        return text;
      }
    }
    return message.strip();
  }

  /**
   * One training step, like {@link #trainStep}, traced: where its time went on each device (on a
   * cluster, every worker's). Tracing costs time of its own; time steps with {@link #trainStep}.
   * Steps with one micro-batch per replica only.
   */
  public StepProfile profileStep(TrainingBatch batch) {
    if (cached != null) {
      throw new IllegalStateException("profiling covers steps of one micro-batch per replica");
    }
    checkBatch(batch);
    StepProfile[] out = new StepProfile[1];
    onWorkers(() -> {
      try (Result r = stepRunner(batch, true)) {
        out[0] = StepProfile.of(r.getMetadata().orElseThrow().getStepStats(), 3);
      }
    });
    return out[0];
  }

  private StepMetrics runStep(TrainingBatch batch) {
    try (Result r = stepRunner(batch, false)) {
      return new StepMetrics((long) scalar(r, 0), scalar(r, 1), scalar(r, 2), scalar(r, 3), scalar(r, 4),
          scalar(r, 5), scalar(r, 6), scalar(r, 7));
    }
  }

  /** Runs one step on {@code batch}; {@code traced}: with {@code FULL_TRACE} step statistics. */
  private Result stepRunner(TrainingBatch batch, boolean traced) {
    try (TUint8 c = TUint8.tensorOf(clips.shape(), DataBuffers.of(batch.clips(), true, false));
        TFloat32 b = TFloat32.tensorOf(boxes.shape(), t -> t.asRawTensor().data().asFloats().write(batch.boxes()));
        TFloat32 m = TFloat32.tensorOf(masks.shape(), t -> t.asRawTensor().data().asFloats().write(batch.masks()))) {
      Session.Runner runner = session.runner().feed(clips, c).feed(boxes, b).feed(masks, m)
          .fetch(stepBefore).fetch(learningRate).fetch(total).fetch(global.loss()).fetch(local).fetch(weightDecay)
          .fetch(global.accuracy()).fetch(global.entropy())
          .addTarget(train);
      if (!traced) {
        return runner.run();
      }
      return runner.setOptions(org.tensorflow.proto.RunOptions.newBuilder()
          .setTraceLevel(org.tensorflow.proto.RunOptions.TraceLevel.FULL_TRACE).build()).runAndFetchMetadata();
    }
  }

  private static void check(boolean ok, String what, long expected, long actual) {
    if (!ok) {
      throw new IllegalArgumentException("batch " + what + " holds " + actual + " values, the model expects " + expected);
    }
  }

  private static float scalar(Result r, int index) {
    return ((TFloat32) r.get(index)).getFloat();
  }

  /**
   * Global embeddings (L2-normalised, inference statistics) of {@code n} clips of uint8 frames
   * [n, T, S, S, 3]; returns [n, embeddingWidth] row-major.
   */
  public float[] embed(byte[] frames, int n) {
    try (TUint8 c = TUint8.tensorOf(Shape.of(n, config.frames(), config.size(), config.size(), 3), DataBuffers.of(frames, true, false));
        Result r = session.runner().feed(servingClips, c).fetch(servingEmbedding).run()) {
      TFloat32 out = (TFloat32) r.get(0);
      float[] values = new float[(int) out.shape().size()];
      out.asRawTensor().data().asFloats().read(values);
      return values;
    }
  }

  /** Writes the variables (a TensorFlow checkpoint) and the model config to {@code folder}. */
  @Override
  public void saveCheckpoint(Path folder) throws IOException {
    Files.createDirectories(folder);
    onWorkers(() -> session.save(folder.resolve(RunLayout.VARIABLES).toString()));
    Files.write(folder.resolve(CONFIG_FILE),
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(config.describe()));
  }

  /** Reads variables saved by {@link #saveCheckpoint} from a model with the same config. */
  @Override
  public void restoreCheckpoint(Path folder) throws IOException {
    Path index = folder.resolve(RunLayout.VARIABLES + ".index");
    if (!Files.isRegularFile(index)) {
      throw new IOException(folder + " holds no checkpoint (" + index.getFileName() + " missing)");
    }
    onWorkers(() -> session.restore(folder.resolve(RunLayout.VARIABLES).toString()));
  }

  /**
   * Exports a SavedModel (tag {@code serve}) with the signatures {@value #SERVING_SIGNATURE}
   * ({@code clips} uint8 [n, T, S, S, 3] → {@code embedding} [n, D], {@code pooled} [n, C]) and
   * {@value #FEATURES_SIGNATURE} ({@code clips} → every backbone endpoint by name).
   */
  public void exportSavedModel(Path folder) throws IOException {
    Signature serving = Signature.builder().key(SERVING_SIGNATURE)
        .input("clips", servingClips).output("embedding", servingEmbedding).output("pooled", servingPooled).build();
    Signature.Builder features = Signature.builder().key(FEATURES_SIGNATURE).input("clips", servingClips);
    for (Map.Entry<String, Operand<TFloat32>> e : servingEndpoints.maps().entrySet()) {
      features.output(e.getKey(), e.getValue());
    }
    syncMirror();
    try {
      onWorkers(() -> {
        try {
          SavedModelBundle.exporter(folder.toString()).withSession(session).withSignatures(serving, features.build()).export();
          org.constcl.tfmodel.run.DeterministicSavedModel.rewrite(folder);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Trainable parameter counts of the model's parts (reference §1.7). */
  public Map<String, Long> parameterCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    String localStage = R3dBackbone.SCOPE + "/" + trainingEndpoints.local() + "/";
    long backboneAll = vars.trainableCount(R3dBackbone.SCOPE + "/");
    long localBranch = vars.trainableCount(localStage);
    counts.put("backbone", backboneAll - localBranch);
    counts.put("backbone_local_branch", localBranch);
    counts.put("backbone_with_local_branch", backboneAll);
    counts.put("global_head", vars.trainableCount(GlobalMlpHead.SCOPE + "/"));
    counts.put("reconstructor", vars.trainableCount(InstanceReconstructor.SCOPE + "/"));
    counts.put("total", vars.trainableCount(""));
    return counts;
  }

  /** Convolution FLOPs of one forward pass of the training batch (from static shapes). */
  public long forwardConvFlops() {
    return trainingEndpoints.cost().forwardFlops() * config.distribution().towers();
  }

  /** The training path's backbone endpoints (static shapes). */
  public Endpoints trainingEndpoints() {
    return trainingEndpoints;
  }

  /** The training path's reconstructor outputs. */
  public ReconstructorOutputs reconstructorOutputs() {
    return reconstructed;
  }

  /**
   * The decoder's attention when view a's regions are translated into view b (seed §4.1), with
   * inference statistics. The ops are added to the graph on the first call.
   *
   * @param views uint8 RGB [2, T, S, S, 3]: view a then view b
   * @param boxes view a's keyframe boxes [N, 4] as [ymin, xmin, ymax, xmax] normalised (view b gets none)
   * @param masks view a's box validity [N]
   */
  public synchronized AttentionMaps attention(byte[] views, float[] boxes, float[] masks) {
    if (probe == null) {
      probe = new AttentionProbe(Ops.create(graph).withSubScope("attention_probe"), config, backbone, reconstructor);
      syncMirror();
    }
    return probe.run(session, views, boxes, masks);
  }

  /**
   * The training objective on a held-out batch shaped like a training batch, with moving
   * statistics and no update. The ops are added to the graph on the first call, so a run that never
   * validates has the graph it always had.
   */
  public synchronized ValidationMetrics validate(TrainingBatch batch) {
    if (validation == null) {
      validation = new ValidationProbe(Ops.create(graph).withSubScope("validation"), config, backbone, head, reconstructor,
          clips, boxes, masks);
      syncMirror();
    }
    return validation.run(session, batch);
  }

  /** Ops added to the graph after the session opened reach the graph the session runs. */
  private void syncMirror() {
    if (mirror != null) {
      mirror.sync();
    }
  }

  /** The graph the session runs: this model's graph, with a replicated layout's gradients placed. */
  org.tensorflow.proto.GraphDef runGraphDef() {
    return mirror != null ? mirror.placedGraphDef() : graph.toGraphDef();
  }

  /** The serving path's endpoints. */
  public Endpoints servingEndpoints() {
    return servingEndpoints;
  }

  VariableStore variables() {
    return vars;
  }

  Operand<TFloat32> totalLoss() {
    return total;
  }

  /** What the optimizer differentiates: the total loss, or with replicas the sum of theirs. */
  Operand<TFloat32> objective() {
    return objective;
  }

  Placeholder<TUint8> clipsInput() {
    return clips;
  }

  Placeholder<TFloat32> boxesInput() {
    return boxes;
  }

  Placeholder<TFloat32> masksInput() {
    return masks;
  }

  /** The session, with ops added to the graph since it opened (gradients a test adds) mirrored. */
  Session session() {
    syncMirror();
    return session;
  }

  Graph graph() {
    return graph;
  }


  @Override
  public void close() {
    if (abandoned) {
      // TensorFlow's close would wait on the worker that failed (its master retries the clean-up
      // calls); the session and its graph are left to the process's exit.
      return;
    }
    session.close();
    if (mirror != null) {
      mirror.close();
    }
    graph.close();
  }
}
