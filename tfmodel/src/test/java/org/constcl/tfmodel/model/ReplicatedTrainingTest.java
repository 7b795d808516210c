package org.constcl.tfmodel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.constcl.tfmodel.train.LearningRateSchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * Replicated training on logical CPU devices against the single-device graph: the reference's
 * per-replica losses with global-batch negatives, summed gradients and synchronised batch norm.
 * Float tolerances: towers sum in a different order (batch statistics from per-tower sums of x
 * and x², gathered logits), so values agree to about 1e-5 relative, not bit for bit.
 */
class ReplicatedTrainingTest {
  private static final double TOLERANCE = 2e-4;
  private static final float RATE = 0.002f;
  /** Towers may differ from one device by this many times one device's own reordering noise. */
  private static final double NOISE_FACTOR = 4;
  /**
   * Relative float32 floor for comparing micro-batched steps with unsplit ones: their gradient
   * sums are formed in other groupings (per round, then across rounds), which reorderings of the
   * batch do not perturb; measured up to 1.2e-4 of an update. A misplaced op is far above it: the
   * misrouted max-pool gradient moved updates by 3e-3 to 1e-1.
   */
  private static final double UPDATE_FLOOR = 3e-4;
  @TempDir Path dir;

  private static ModelConfig.Builder config(int replicas, boolean sync) {
    // No warmup: the first step already moves the weights.
    return TinyModels.config().schedule(new LearningRateSchedule(0.05f, 0, 200))
        .distribution(new Distribution(replicas, sync, "cpu"));
  }

  @Test
  void twoTowersWithHalfTheClipsEachEqualOneDeviceWithTheWholeBatch() {
    TrainingBatch first = TinyModels.batch(1);
    TrainingBatch second = TinyModels.batch(2);
    try (ConstclModel one = ConstclModel.build(config(1, true).schedule(new LearningRateSchedule(RATE, 0, 200)).build());
        // Gradients are summed over replicas (R × the single-device gradient): R × smaller rate, same steps.
        ConstclModel two = ConstclModel.build(config(2, true)
            .schedule(new LearningRateSchedule(RATE / 2, 0, 200)).build());
        ConstclModel reorderedOne = ConstclModel.build(config(1, true).schedule(new LearningRateSchedule(RATE, 0, 200)).build())) {
      reorderedOne.initialize();
      one.initialize();
      two.initialize();
      List<String> names = one.variables().trainableNames();
      assertThat(two.variables().trainableNames()).isEqualTo(names);

      // Loss and every gradient, before any update.
      List<Operand<TFloat32>> oneGradients = gradients(one, names);
      List<float[]> single = fetch(one, first, oneGradients);
      List<float[]> reordered = fetch(one, reorder(first), oneGradients);
      List<float[]> towers = fetch(two, first, gradients(two, names));
      // Float noise, measured: the same device on the same clips in another order. Gradients of
      // weights under batch norm are sums whose terms cancel (BN removes the mean), so noise of
      // 1e-6 in the activations reaches 1e-3 of the stem's gradients either way (docs/training.md).
      double normAll = 0;
      for (float[] g : single) {
        for (float v : g) {
          normAll += 4.0 * v * v;
        }
      }
      normAll = Math.sqrt(normAll);
      double differenceSquared = 0;
      double reorderedSquared = 0;
      for (int i = 0; i < names.size(); i++) {
        double towersOff = 0;
        double reorderedOff = 0;
        for (int k = 0; k < single.get(i).length; k++) {
          double expected = 2.0 * single.get(i)[k];
          towersOff += Math.pow(towers.get(i)[k] - expected, 2);
          reorderedOff += Math.pow(2.0 * reordered.get(i)[k] - expected, 2);
        }
        differenceSquared += towersOff;
        reorderedSquared += reorderedOff;
        assertThat(Math.sqrt(towersOff)).as(names.get(i) + " gradient: ‖2 towers − 2 × one device‖ vs the noise of reordering")
            .isLessThanOrEqualTo(NOISE_FACTOR * Math.sqrt(reorderedOff) + 1e-5 * normAll);
      }
      assertThat(Math.sqrt(differenceSquared)).as("all gradients").isLessThanOrEqualTo(NOISE_FACTOR * Math.sqrt(reorderedSquared));
      assertClose("total loss", fetch(two, first, List.of(two.totalLoss())).get(0), fetch(one, first, List.of(one.totalLoss())).get(0));

      // Two steps: the reported losses, then every variable and moving average, against the noise
      // of one device seeing the same clips in another order (which a step amplifies: the second
      // loss of this tiny model moves by 1% from that alone).
      for (TrainingBatch batch : List.of(first, second)) {
        StepMetrics a = one.trainStep(batch);
        StepMetrics b = two.trainStep(batch);
        StepMetrics c = reorderedOne.trainStep(reorder(batch));
        assertWithinNoise("total loss", b.total(), a.total(), c.total());
        assertWithinNoise("global loss", b.global(), a.global(), c.global());
        assertWithinNoise("local loss", b.local(), a.local(), c.local());
        assertWithinNoise("weight decay", b.weightDecay(), a.weightDecay(), c.weightDecay());
        assertThat(b.accuracy()).isEqualTo(a.accuracy());
      }
      List<String> all = allVariables(one);
      List<float[]> expected = values(one, all);
      List<float[]> towersAfter = values(two, all);
      List<float[]> reorderedAfter = values(reorderedOne, all);
      for (int i = 0; i < all.size(); i++) {
        assertThat(distance(towersAfter.get(i), expected.get(i))).as(all.get(i) + " after 2 steps").isLessThanOrEqualTo(
            NOISE_FACTOR * distance(reorderedAfter.get(i), expected.get(i)) + 1e-6 * norm(expected.get(i)));
      }
    }
  }

  private static void assertWithinNoise(String what, float towers, float one, float reordered) {
    assertThat((double) Math.abs(towers - one)).as(what + ": 2 towers vs one device, against one device reordered")
        .isLessThanOrEqualTo(NOISE_FACTOR * Math.abs(reordered - one) + 1e-5 * Math.abs(one));
  }

  private static double distance(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += Math.pow(a[i] - b[i], 2);
    }
    return Math.sqrt(d);
  }

  private static double norm(float[] a) {
    return distance(a, new float[a.length]);
  }

  /**
   * Gradient caching: 2 micro-batches of one device take the step of 2 towers with per-tower batch
   * norm (the stated rule: each micro-batch normalised with its own statistics), with the
   * contrastive losses over the whole batch. The first step's weight change is −rate × gradient, so
   * comparing changes compares gradients.
   */
  @Test
  void microBatchesWithGradientCachingTakeThePerTowerBatchNormStep() {
    TrainingBatch first = TinyModels.batch(4);
    TrainingBatch second = TinyModels.batch(5);
    ModelConfig.Builder towers = config(2, false).schedule(new LearningRateSchedule(RATE / 2, 0, 200));
    try (ConstclModel two = ConstclModel.build(towers.build());
        ConstclModel calibration = ConstclModel.build(towers.build());
        ConstclModel micro = ConstclModel.build(TinyModels.config().schedule(new LearningRateSchedule(RATE, 0, 200))
            .distribution(Distribution.microBatched(2)).build())) {
      for (ConstclModel m : List.of(two, calibration, micro)) {
        m.initialize();
      }
      List<String> names = micro.variables().trainableNames();
      List<float[]> before = values(micro, names);
      StepMetrics a = two.trainStep(first);
      StepMetrics b = micro.trainStep(first);
      StepMetrics c = calibration.trainStep(swapWithinPairs(first));
      assertThat(b.step()).isZero();
      assertThat(b.learningRate()).isEqualTo(RATE);
      assertWithinNoise("total loss", b.total(), a.total(), c.total());
      assertWithinNoise("global loss", b.global(), a.global(), c.global());
      assertWithinNoise("local loss", b.local(), a.local(), c.local());
      assertThat(b.accuracy()).isEqualTo(a.accuracy());
      List<float[]> towersAfter = values(two, names);
      List<float[]> microAfter = values(micro, names);
      List<float[]> calibrationAfter = values(calibration, names);
      for (int i = 0; i < names.size(); i++) {
        float[] da = minus(towersAfter.get(i), before.get(i));
        float[] db = minus(microAfter.get(i), before.get(i));
        float[] dc = minus(calibrationAfter.get(i), before.get(i));
        assertThat(distance(db, da)).as(names.get(i) + " first update (−rate × gradient): micro-batches vs towers")
            .isLessThanOrEqualTo(NOISE_FACTOR * distance(dc, da) + 1e-5 * norm(da) + 1e-9);
      }
      StepMetrics a2 = two.trainStep(second);
      StepMetrics b2 = micro.trainStep(second);
      StepMetrics c2 = calibration.trainStep(swapWithinPairs(second));
      assertWithinNoise("second total loss", b2.total(), a2.total(), c2.total());
      assertThat(b2.step()).isEqualTo(1);
    }
  }

  /**
   * Micro-batches on towers, per-tower batch norm: 2 replicas × 2 micro-batches take the step of 4
   * towers (each (round, tower) is one batch-norm group of one clip, as each of the 4 towers is);
   * the objective is the sum of 2 replica losses instead of 4, so the rate is doubled. Every region
   * is valid, so each replica's masked local mean weighs its clips as the whole batch does.
   */
  @Test
  void microBatchesOnTwoTowersTakeTheStepOfFourTowers() {
    TrainingBatch first = allValid(TinyModels.batch(6));
    ModelConfig.Builder fourTowers = config(4, false).schedule(new LearningRateSchedule(RATE / 2, 0, 200));
    ModelConfig.Builder microOnTowers = config(2, false).schedule(new LearningRateSchedule(RATE, 0, 200))
        .distribution(new Distribution(2, 2, false, "cpu", org.constcl.tfmodel.nn.Precision.FLOAT32));
    // Any order keeps one-clip groups: reordered runs measure each side's float noise.
    TrainingBatch reordered = reorder(first, new int[] {1, 0, 3, 2});
    assertSameFirstStep(new Side(fourTowers, first, reordered), new Side(microOnTowers, first, reordered));
  }

  /**
   * Micro-batches on towers, synchronised batch norm: round p of 2 replicas × 2 micro-batches holds
   * clips p and 2 + p and normalises them together; one device with 2 micro-batches fed the clips
   * as 0, 2, 1, 3 has the same groups. The replicas' summed losses are twice the one device's.
   */
  @Test
  void microBatchesOnSynchronisedTowersTakeTheStepOfOneDevicesMicroBatches() {
    TrainingBatch first = allValid(TinyModels.batch(7));
    ModelConfig.Builder oneDevice = TinyModels.config().schedule(new LearningRateSchedule(2 * RATE, 0, 200))
        .distribution(Distribution.microBatched(2));
    ModelConfig.Builder microOnTowers = config(2, true).schedule(new LearningRateSchedule(RATE, 0, 200))
        .distribution(new Distribution(2, 2, true, "cpu", org.constcl.tfmodel.nn.Precision.FLOAT32));
    // Reorderings that keep every batch-norm group: {0, 2}, {1, 3} on one device; the replicas swapped on the towers.
    assertSameFirstStep(new Side(oneDevice, reorder(first, new int[] {0, 2, 1, 3}), reorder(first, new int[] {2, 0, 3, 1})),
        new Side(microOnTowers, first, reorder(first, new int[] {2, 3, 0, 1})));
  }

  /** A layout, the batch it is fed, and a reordering of it with the same batch-norm groups (its float noise). */
  private record Side(ModelConfig.Builder config, TrainingBatch batch, TrainingBatch reordered) {}

  /**
   * The first update (−rate × gradient) of the candidate equals the reference's within
   * {@link #NOISE_FACTOR} × the noise both show on their reorderings (the same function, other
   * summation orders) plus {@link #UPDATE_FLOOR} of its size, and so do the losses.
   */
  private static void assertSameFirstStep(Side reference, Side candidate) {
    try (ConstclModel a = ConstclModel.build(reference.config().build());
        ConstclModel aNoise = ConstclModel.build(reference.config().build());
        ConstclModel b = ConstclModel.build(candidate.config().build());
        ConstclModel bNoise = ConstclModel.build(candidate.config().build())) {
      for (ConstclModel m : List.of(a, aNoise, b, bNoise)) {
        m.initialize();
      }
      List<String> names = b.variables().trainableNames();
      List<float[]> before = values(b, names);
      StepMetrics sa = a.trainStep(reference.batch());
      StepMetrics sb = b.trainStep(candidate.batch());
      StepMetrics sc = aNoise.trainStep(reference.reordered());
      StepMetrics sd = bNoise.trainStep(candidate.reordered());
      assertThat((double) Math.abs(sb.total() - sa.total())).as("total loss")
          .isLessThanOrEqualTo(NOISE_FACTOR * (Math.abs(sc.total() - sa.total()) + Math.abs(sd.total() - sb.total())) + 1e-5 * Math.abs(sa.total()));
      assertThat((double) Math.abs(sb.global() - sa.global())).as("global loss").isLessThanOrEqualTo(1e-5 * Math.abs(sa.global()));
      assertThat((double) Math.abs(sb.local() - sa.local())).as("local loss").isLessThanOrEqualTo(1e-5 * Math.abs(sa.local()));
      assertThat(sb.accuracy()).isEqualTo(sa.accuracy());
      List<float[]> aAfter = values(a, names);
      List<float[]> bAfter = values(b, names);
      List<float[]> aNoiseAfter = values(aNoise, names);
      List<float[]> bNoiseAfter = values(bNoise, names);
      double moved = 0;
      for (int i = 0; i < names.size(); i++) {
        float[] da = minus(aAfter.get(i), before.get(i));
        float[] db = minus(bAfter.get(i), before.get(i));
        double noise = distance(minus(aNoiseAfter.get(i), before.get(i)), da) + distance(minus(bNoiseAfter.get(i), before.get(i)), db);
        moved += norm(da);
        assertThat(distance(db, da)).as(names.get(i) + " first update (−rate × gradient)")
            .isLessThanOrEqualTo(NOISE_FACTOR * noise + UPDATE_FLOOR * norm(da) + 1e-9);
      }
      assertThat(moved).as("the step moved the weights").isGreaterThan(1e-3);
    }
  }

  private static TrainingBatch allValid(TrainingBatch batch) {
    float[] masks = new float[batch.masks().length];
    java.util.Arrays.fill(masks, 1f);
    return new TrainingBatch(batch.clips(), batch.boxes(), masks);
  }

  private static float[] minus(float[] a, float[] b) {
    float[] d = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] - b[i];
    }
    return d;
  }

  /** Clips 1, 0, 3, 2: each tower keeps its clips (its batch-norm group), in another order. */
  private static TrainingBatch swapWithinPairs(TrainingBatch batch) {
    return reorder(batch, new int[] {1, 0, 3, 2});
  }

  /**
   * With per-tower batch norm the step is a function of the batch-norm groups, not of which tower
   * holds which group: swapping the towers' clips changes every gradient by no more than reordering
   * clips within each tower does. Before the backward pass ran on the towers' devices it did not
   * hold: tower 1's max-pool gradient ran on device 0 with Eigen's kernel, which routes a window's
   * gradient to every input within 1e-5 of the maximum, and the stem's β gradient moved by 12%.
   */
  @Test
  void withoutSyncBatchNormTheStepDoesNotDependOnWhichTowerTakesWhichClips() {
    TrainingBatch batch = TinyModels.batch(4);
    try (ConstclModel two = ConstclModel.build(config(2, false).build())) {
      two.initialize();
      List<String> names = two.variables().trainableNames();
      List<Operand<TFloat32>> gradients = gradients(two, names);
      List<float[]> asGiven = fetch(two, batch, gradients);
      List<float[]> towersSwapped = fetch(two, reorder(batch, new int[] {2, 3, 0, 1}), gradients);
      List<float[]> withinTowers = fetch(two, swapWithinPairs(batch), gradients);
      for (int i = 0; i < names.size(); i++) {
        assertThat(distance(towersSwapped.get(i), asGiven.get(i))).as(names.get(i) + " gradient, towers swapped")
            .isLessThanOrEqualTo(NOISE_FACTOR * distance(withinTowers.get(i), asGiven.get(i)) + 1e-6 * norm(asGiven.get(i)));
      }
    }
  }

  /** Every gradient op that reads tower 1's forward ops runs on tower 1's device. */
  @Test
  void theBackwardPassRunsOnTheTowersDevices() {
    try (ConstclModel two = ConstclModel.build(config(2, false).build())) {
      java.util.Map<String, String> devices = new java.util.HashMap<>();
      List<org.tensorflow.proto.NodeDef> pools = new ArrayList<>();
      for (org.tensorflow.proto.NodeDef n : two.runGraphDef().getNodeList()) {
        devices.put(n.getName(), n.getDevice());
        if (n.getOp().equals("MaxPool3DGrad")) {
          pools.add(n);
        }
      }
      assertThat(pools).hasSize(2);
      for (org.tensorflow.proto.NodeDef pool : pools) {
        String forward = pool.getInput(1); // orig_output: the tower's MaxPool3D
        assertThat(pool.getDevice()).as(pool.getName() + " reads " + forward)
            .isNotEmpty().isEqualTo(devices.get(forward));
      }
      assertThat(pools.stream().map(org.tensorflow.proto.NodeDef::getDevice).distinct()).hasSize(2);
      long placed = two.runGraphDef().getNodeList().stream()
          .filter(n -> GradientPlacement.isGradient(n.getName()) && n.getDevice().endsWith("CPU:1")).count();
      assertThat(placed).as("gradient ops on tower 1's device").isGreaterThan(100);
    }
  }

  @Test
  void withoutSyncBatchNormEachTowerNormalisesWithItsOwnClips() {
    TrainingBatch batch = TinyModels.batch(3);
    ModelConfig.Builder half = config(1, true).clipsPerBatch(TinyModels.CLIPS / 2);
    try (ConstclModel two = ConstclModel.build(config(2, false).build());
        ConstclModel firstHalf = ConstclModel.build(half.build());
        ConstclModel secondHalf = ConstclModel.build(half.build())) {
      for (ConstclModel m : List.of(two, firstHalf, secondHalf)) {
        m.initialize();
      }
      // Tower 0's backbone output is the single-device output of its own two clips.
      Operand<TFloat32> towerZero = two.trainingEndpoints().globalMap();
      assertClose("tower 0 res5 with its own batch statistics", fetch(two, batch, List.of(towerZero)).get(0),
          fetch(firstHalf, half(batch, 0), List.of(firstHalf.trainingEndpoints().globalMap())).get(0));

      two.trainStep(batch);
      firstHalf.trainStep(half(batch, 0));
      secondHalf.trainStep(half(batch, 1));
      List<String> moving = allVariables(two).stream().filter(n -> n.contains("moving_")).toList();
      List<float[]> towers = values(two, moving);
      List<float[]> firsts = values(firstHalf, moving);
      List<float[]> seconds = values(secondHalf, moving);
      for (int v = 0; v < moving.size(); v++) {
        String name = moving.get(v);
        {
          float[] a = firsts.get(v);
          float[] b = seconds.get(v);
          float[] mean = new float[a.length];
          for (int k = 0; k < a.length; k++) {
            mean[k] = (a[k] + b[k]) / 2;
          }
          assertClose(name + " (mean of the two groups' updates)", towers.get(v), mean);
        }
      }
    }
  }

  @Test
  void seededReplicatedRunsAreBitIdenticalAndTheirCheckpointRestoresIntoOneDevice() throws Exception {
    List<float[]> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      try (ConstclModel two = ConstclModel.build(config(2, true).build())) {
        two.initialize();
        for (int s = 0; s < 3; s++) {
          two.trainStep(TinyModels.batch(10 + s));
        }
        float[] all = concat(values(two, allVariables(two)));
        runs.add(all);
        if (run == 0) {
          two.saveCheckpoint(dir.resolve("ckpt"));
        }
      }
    }
    assertThat(runs.get(1)).isEqualTo(runs.get(0));
    // One checkpoint whatever the layout: the single-device graph restores the towers' variables.
    try (ConstclModel one = ConstclModel.build(config(1, true).build())) {
      one.restoreCheckpoint(dir.resolve("ckpt"));
      float[] restored = concat(values(one, allVariables(one)));
      assertThat(restored).isEqualTo(runs.get(0));
      assertThat(one.trainStep(TinyModels.batch(20)).total()).isFinite();
    }
  }

  /**
   * Micro-batches on towers are seeded-deterministic too: their backward pass is differentiated per
   * tower and summed in tower order (one gradient call over every tower summed a shared weight's
   * contributions in an order that changed between graph builds, and weights differed run to run).
   */
  @Test
  void seededMicroBatchedReplicasAreBitIdentical() {
    List<float[]> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      try (ConstclModel m = ConstclModel.build(config(2, true)
          .distribution(new Distribution(2, 2, true, "cpu", org.constcl.tfmodel.nn.Precision.FLOAT32)).build())) {
        m.initialize();
        for (int s = 0; s < 2; s++) {
          m.trainStep(TinyModels.batch(30 + s));
        }
        runs.add(concat(values(m, allVariables(m))));
      }
    }
    assertThat(runs.get(1)).isEqualTo(runs.get(0));
  }

  @Test
  void rejectsABatchThatDoesNotSplitOverTheReplicas() {
    assertThatThrownBy(() -> config(3, true).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of the replicas");
    assertThatThrownBy(() -> new Distribution(0, true, "cpu")).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> new Distribution(2, true, "tpu")).hasMessageContaining("cpu or gpu");
  }

  /** The same clips in another order (clips 2, 3, 0, 1): the same loss, other summation orders. */
  private static TrainingBatch reorder(TrainingBatch batch) {
    return reorder(batch, new int[] {2, 3, 0, 1});
  }

  private static TrainingBatch reorder(TrainingBatch batch, int[] order) {
    int clips = TinyModels.CLIPS;
    int frame = TinyModels.FRAMES * TinyModels.SIZE * TinyModels.SIZE * 3;
    int regions = TinyModels.REGIONS;
    byte[] c = new byte[batch.clips().length];
    float[] b = new float[batch.boxes().length];
    float[] m = new float[batch.masks().length];
    for (int v = 0; v < 2; v++) {
      for (int i = 0; i < clips; i++) {
        int to = v * clips + i;
        int from = v * clips + order[i];
        System.arraycopy(batch.clips(), from * frame, c, to * frame, frame);
        System.arraycopy(batch.boxes(), from * regions * 4, b, to * regions * 4, regions * 4);
        System.arraycopy(batch.masks(), from * regions, m, to * regions, regions);
      }
    }
    return new TrainingBatch(c, b, m);
  }

  static TrainingBatch half(TrainingBatch batch, int part) {
    int clips = TinyModels.CLIPS;
    return batch.views(ConstclModel.towerRows(clips, clips / 2, part), 2 * clips);
  }

  static List<Operand<TFloat32>> gradients(ConstclModel m, List<String> names) {
    Output<?>[] xs = new Output<?>[names.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = m.variables().variable(names.get(i)).asOutput();
    }
    Output<?>[] gs = m.graph().addGradients(m.objective().asOutput(), xs);
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (Output<?> g : gs) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> f = (Operand<TFloat32>) g;
      out.add(f);
    }
    return out;
  }

  private static List<float[]> fetch(ConstclModel m, TrainingBatch batch, List<Operand<TFloat32>> outputs) {
    int views = 2 * m.config().clipsPerBatch();
    try (TUint8 c = TUint8.tensorOf(m.clipsInput().shape(), DataBuffers.of(batch.clips(), true, false));
        TFloat32 b = TFloat32.tensorOf(m.boxesInput().shape(), t -> t.asRawTensor().data().asFloats().write(batch.boxes()));
        TFloat32 k = TFloat32.tensorOf(m.masksInput().shape(), t -> t.asRawTensor().data().asFloats().write(batch.masks()))) {
      assertThat(batch.masks().length).isEqualTo(views * TinyModels.REGIONS);
      Session.Runner runner = m.session().runner().feed(m.clipsInput(), c).feed(m.boxesInput(), b).feed(m.masksInput(), k);
      outputs.forEach(runner::fetch);
      try (Result r = runner.run()) {
        List<float[]> values = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
          values.add(read((TFloat32) r.get(i)));
        }
        return values;
      }
    }
  }

  static List<String> allVariables(ConstclModel m) {
    List<String> names = new ArrayList<>(m.variables().trainableNames());
    names.addAll(m.variables().shapes().keySet().stream().filter(n -> n.contains("moving_")).toList());
    return names;
  }

  /** Every variable of {@code names} in one run (each distinct fetch set costs TensorFlow a new executor). */
  static List<float[]> values(ConstclModel m, List<String> names) {
    Session.Runner runner = m.session().runner();
    names.forEach(n -> runner.fetch(m.variables().variable(n)));
    try (Result r = runner.run()) {
      List<float[]> out = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        out.add(read((TFloat32) r.get(i)));
      }
      return out;
    }
  }

  private static float[] read(TFloat32 t) {
    float[] values = new float[(int) t.shape().size()];
    t.asRawTensor().data().asFloats().read(values);
    return values;
  }

  static float[] concat(List<float[]> parts) {
    int n = parts.stream().mapToInt(p -> p.length).sum();
    float[] out = new float[n];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** Equal within TOLERANCE of the larger of 1e-3 and the expected values' largest magnitude. */
  private static void assertClose(String what, float[] actual, float[] expected) {
    assertThat(actual.length).as(what + " size").isEqualTo(expected.length);
    double scale = 1e-3;
    for (float e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    double worst = 0;
    for (int i = 0; i < actual.length; i++) {
      worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    }
    assertThat(worst / scale).as(what + ": largest difference relative to the largest value").isLessThan(TOLERANCE);
  }
}
