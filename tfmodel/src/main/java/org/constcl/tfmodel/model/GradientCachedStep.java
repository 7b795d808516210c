package org.constcl.tfmodel.model;

import java.util.ArrayList;
import java.util.List;
import org.constcl.tfmodel.backbone.Endpoints;
import org.constcl.tfmodel.backbone.R3dBackbone;
import org.constcl.tfmodel.head.GlobalMlpHead;
import org.constcl.tfmodel.head.InstanceReconstructor;
import org.constcl.tfmodel.head.ReconstructorOutputs;
import org.constcl.tfmodel.loss.GlobalContrastiveLoss;
import org.constcl.tfmodel.loss.InstanceContrastiveLoss;
import org.constcl.tfmodel.loss.WeightDecay;
import org.constcl.tfmodel.nn.Mode;
import org.constcl.tfmodel.nn.VariableStore;
import org.constcl.tfmodel.train.MomentumOptimizer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.constcl.tfmodel.nn.TowerGroup;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * One training step over K micro-batches per replica whose contrastive losses stay exact over
 * the whole batch (gradient caching, Gao et al. 2021). With R replicas (towers) the batch of G
 * clips is split into R replicas of G/R clips and each replica's clips into K micro-batches of
 * m = G/(R·K); round p runs micro-batch p of every replica at once, one per tower. (1) Each
 * round's forward pass gives its representations — global embeddings and the four region tensors
 * of the local loss — and nothing else is kept; (2) the losses over the whole batch (with R
 * replicas: each replica's loss over its own clips against the whole batch's negatives, summed, as
 * the replicated single-pass step), and their gradients with respect to every representation;
 * (3) per round, the forward pass again and a backward pass seeded with those gradients, summed
 * over rounds; (4) one optimizer update with the sum plus weight decay's gradient (R times, once
 * per replica loss). Only one round's activations exist at a time.
 *
 * <p>Batch norm normalises each round with its own statistics (passes 1 and 3 alike): per tower,
 * or over the round's R·m clips with synchronised batch norm. So the step is exactly the one of
 * R·K towers with per-tower batch norm (and the losses those of the whole batch); the moving
 * averages take one update per round in pass 3, K a step, as gradient accumulation frameworks do.
 */
final class GradientCachedStep {
  /** Representations per micro-batch: embeddings [2m, D], a2b, b2a, instA, instB [m, N, C]. */
  private static final int REPRESENTATIONS = 5;

  private final ModelConfig config;
  private final int replicas;
  private final int micro;
  private final Placeholder<TUint8> clips;
  private final Placeholder<TFloat32> boxes;
  private final Placeholder<TFloat32> masks;
  private final List<Operand<TFloat32>> forward = new ArrayList<>();
  private final List<Op> movingAverages;
  /** Per round, per tower: the placeholders of its representations in the loss pass. */
  private final List<List<List<Placeholder<TFloat32>>>> parts = new ArrayList<>();
  private final GlobalContrastiveLoss.Result global;
  private final Operand<TFloat32> local;
  private final Output<?>[] representationGradients;
  private final List<Placeholder<TFloat32>> seeds = new ArrayList<>();
  private final List<Placeholder<TFloat32>> previous = new ArrayList<>();
  private final List<Operand<TFloat32>> gradients = new ArrayList<>();
  private final List<Operand<TFloat32>> accumulated = new ArrayList<>();
  private final List<Placeholder<TFloat32>> summed = new ArrayList<>();
  private final Operand<TFloat32> weightDecay;
  private final Operand<TFloat32> stepBefore;
  private final Operand<TFloat32> learningRate;
  private final Op apply;

  GradientCachedStep(Graph graph, Ops tf, ModelConfig config, VariableStore vars, R3dBackbone backbone, GlobalMlpHead head,
      InstanceReconstructor reconstructor, MomentumOptimizer.Slots slots, Variable<TFloat32> step) {
    this.config = config;
    Distribution layout = config.distribution();
    int k = layout.microBatches();
    this.replicas = layout.towers();
    this.micro = config.clipsPerBatch() / replicas / k;
    Ops mt = tf.withSubScope("micro_batch");
    int views = 2 * micro * replicas;
    clips = mt.withName("clips").placeholder(TUint8.class,
        Placeholder.shape(Shape.of(views, config.frames(), config.size(), config.size(), 3)));
    boxes = mt.withName("boxes").placeholder(TFloat32.class, Placeholder.shape(Shape.of(views, config.regions(), 4)));
    masks = mt.withName("masks").placeholder(TFloat32.class, Placeholder.shape(Shape.of(views, config.regions())));

    // (1, 3) The round's forward pass; its training-mode BN collects the moving-average updates.
    List<List<Operand<TFloat32>>> towerReps = new ArrayList<>();
    List<Op> averages = new ArrayList<>();
    if (replicas == 1) {
      Mode training = Mode.training();
      towerReps.add(vars.inTower(mt, () -> representations(backbone, head, reconstructor, mt, clips, boxes, masks, training)));
      averages.addAll(training.updates());
    } else {
      List<Tower> towers = TowerGroup.run(replicas, member -> {
        int r = member.index();
        Ops ops = mt.withSubScope("tower_" + r).withDevice(layout.deviceSpec(r));
        return vars.inTower(ops, () -> {
          Operand<TInt32> rows = ops.constant(ConstclModel.towerRows(micro * replicas, micro, r));
          Operand<TInt32> axis = ops.constant(0);
          Mode training = Mode.training(member, layout.syncBatchNorm());
          List<Operand<TFloat32>> reps = representations(backbone, head, reconstructor, ops, ops.gather(clips, rows, axis),
              ops.gather(boxes, rows, axis), ops.gather(masks, rows, axis), training);
          return new Tower(reps, training.updates());
        });
      });
      for (Tower t : towers) {
        towerReps.add(t.reps());
        averages.addAll(t.updates());
      }
    }
    towerReps.forEach(forward::addAll);
    movingAverages = averages;

    // (2) The losses over the whole batch from every round's representations: per replica, its
    // micro-batches' representations in clip order (every view a, then every view b).
    Ops lt = tf.withSubScope("micro_batch_loss");
    List<Operand<TFloat32>> embeddings = new ArrayList<>();
    List<InstanceContrastiveLoss.Replica> regionSets = new ArrayList<>();
    for (int t = 0; t < replicas; t++) {
      List<Operand<TFloat32>> viewA = new ArrayList<>();
      List<Operand<TFloat32>> viewB = new ArrayList<>();
      List<List<Operand<TFloat32>>> regions = new ArrayList<>();
      for (int r = 0; r < 6; r++) {
        regions.add(new ArrayList<>());
      }
      for (int p = 0; p < k; p++) {
        if (t == 0) {
          parts.add(new ArrayList<>());
        }
        List<Placeholder<TFloat32>> part = new ArrayList<>();
        for (Operand<TFloat32> rep : towerReps.get(t)) {
          part.add(lt.placeholder(TFloat32.class, Placeholder.shape(rep.shape())));
        }
        parts.get(p).add(part);
        // Embeddings are [view a of the micro-batch's clips, view b]: the whole batch wants every view a first.
        var halves = lt.split(lt.constant(0), part.get(0), 2L);
        viewA.add(halves.output().get(0));
        viewB.add(halves.output().get(1));
        for (int r = 0; r < 6; r++) {
          regions.get(r).add(part.get(r + 1));
        }
      }
      List<Operand<TFloat32>> embeddingViews = new ArrayList<>(viewA);
      embeddingViews.addAll(viewB);
      embeddings.add(lt.concat(embeddingViews, lt.constant(0)));
      List<Operand<TFloat32>> whole = new ArrayList<>();
      for (List<Operand<TFloat32>> r : regions) {
        whole.add(lt.concat(r, lt.constant(0)));
      }
      regionSets.add(new InstanceContrastiveLoss.Replica(whole.get(0), whole.get(1), whole.get(2), whole.get(3),
          whole.get(4), whole.get(5)));
    }
    List<Ops> lossOps = java.util.Collections.nCopies(replicas, lt);
    List<GlobalContrastiveLoss.Result> globals = GlobalContrastiveLoss.applyReplicas(lossOps, embeddings, config.globalTemperature());
    List<Operand<TFloat32>> locals = InstanceContrastiveLoss.applyReplicas(lossOps, regionSets, config.localTemperature());
    List<Operand<TFloat32>> replicaLosses = new ArrayList<>();
    for (int t = 0; t < replicas; t++) {
      replicaLosses.add(lt.math.add(lt.math.mul(globals.get(t).loss(), lt.constant(config.globalWeight())),
          lt.math.mul(locals.get(t), lt.constant(config.localWeight()))));
    }
    Operand<TFloat32> contrastive = replicas == 1 ? replicaLosses.get(0) : lt.math.addN(replicaLosses);
    global = replicas == 1 ? globals.get(0) : new GlobalContrastiveLoss.Result(
        ConstclModel.meanOf(lt, globals.stream().map(GlobalContrastiveLoss.Result::loss).toList()),
        ConstclModel.meanOf(lt, globals.stream().map(GlobalContrastiveLoss.Result::accuracy).toList()),
        ConstclModel.meanOf(lt, globals.stream().map(GlobalContrastiveLoss.Result::entropy).toList()));
    local = replicas == 1 ? locals.get(0) : ConstclModel.meanOf(lt, locals);
    List<Output<?>> xs = new ArrayList<>();
    for (List<List<Placeholder<TFloat32>>> round : parts) {
      for (List<Placeholder<TFloat32>> part : round) {
        for (int r = 0; r < REPRESENTATIONS; r++) {
          xs.add(part.get(r).asOutput());
        }
      }
    }
    representationGradients = graph.addGradients(contrastive.asOutput(), xs.toArray(new Output<?>[0]));

    // (3) The backward pass of one micro-batch seeded with its representations' gradients, added to the sum so far.
    // Seeded as the gradient of Σ_r ⟨rep_r, seed_r⟩ (seeds are fed constants): one output to
    // differentiate. Seeding the representations as several outputs lost the gradient that reaches
    // instA/instB both directly and through the decoder (they are ancestors of a2b and b2a).
    Ops bt = tf.withSubScope("micro_batch_backward");
    List<Operand<TFloat32>> products = new ArrayList<>();
    for (int t = 0; t < replicas; t++) {
      // A tower's products on its device: the backward pass they seed runs there too (GradientPlacement).
      Ops pt = replicas == 1 ? bt : bt.withSubScope("tower_" + t).withDevice(layout.deviceSpec(t));
      for (int r = 0; r < REPRESENTATIONS; r++) {
        Operand<TFloat32> rep = towerReps.get(t).get(r);
        Placeholder<TFloat32> seed = bt.placeholder(TFloat32.class, Placeholder.shape(rep.shape()));
        seeds.add(seed);
        int[] axes = new int[rep.shape().numDimensions()];
        for (int a = 0; a < axes.length; a++) {
          axes[a] = a;
        }
        products.add(pt.sum(pt.math.mul(rep, seed), pt.constant(axes)));
      }
    }
    List<Variable<TFloat32>> trained = slots.variables();
    Output<?>[] ws = new Output<?>[trained.size()];
    for (int i = 0; i < ws.length; i++) {
      ws[i] = trained.get(i).asOutput();
    }
    // One gradient call per tower, summed in tower order: TensorFlow's gradient builder sums the
    // towers' contributions to a shared weight in an order that varies between graph builds.
    List<Output<?>[]> perTower = new ArrayList<>();
    for (int t = 0; t < replicas; t++) {
      Operand<TFloat32> surrogate = bt.math.addN(products.subList(t * REPRESENTATIONS, (t + 1) * REPRESENTATIONS));
      perTower.add(graph.addGradients(surrogate.asOutput(), ws));
    }
    for (int i = 0; i < ws.length; i++) {
      List<Operand<TFloat32>> parts = new ArrayList<>();
      for (Output<?>[] gs : perTower) {
        if (gs[i] == null) {
          throw new IllegalStateException("no gradient reaches " + slots.names().get(i));
        }
        @SuppressWarnings("unchecked")
        Operand<TFloat32> g = (Operand<TFloat32>) gs[i];
        parts.add(g);
      }
      Operand<TFloat32> g = parts.size() == 1 ? parts.get(0) : bt.math.addN(parts);
      gradients.add(g);
      Placeholder<TFloat32> before = bt.placeholder(TFloat32.class, Placeholder.shape(Shape.of(vars.shapes().get(slots.names().get(i)))));
      previous.add(before);
      accumulated.add(bt.math.add(before, g));
    }

    // (4) One update with the summed gradients plus weight decay's.
    Ops at = tf.withSubScope("micro_batch_apply");
    weightDecay = WeightDecay.apply(at, vars.kernels(), config.weightDecay());
    List<Variable<TFloat32>> kernels = vars.kernels();
    Output<?>[] kernelOutputs = kernels.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
    Output<?>[] decay = kernels.isEmpty() ? new Output<?>[0] : graph.addGradients(weightDecay.asOutput(), kernelOutputs);
    Output<?>[] total = new Output<?>[trained.size()];
    for (int i = 0; i < total.length; i++) {
      Placeholder<TFloat32> sum = at.placeholder(TFloat32.class, Placeholder.shape(Shape.of(vars.shapes().get(slots.names().get(i)))));
      summed.add(sum);
      int kernel = kernels.indexOf(trained.get(i));
      @SuppressWarnings("unchecked")
      Operand<TFloat32> d = kernel < 0 ? null : (Operand<TFloat32>) decay[kernel];
      if (d != null && replicas > 1) {
        d = at.math.mul(d, at.constant((float) replicas)); // every replica's loss holds the weight decay
      }
      total[i] = d == null ? sum.asOutput() : at.math.add(sum, d).asOutput();
    }
    stepBefore = at.math.add(step, at.constant(0f));
    learningRate = config.schedule().apply(at, stepBefore);
    List<org.tensorflow.Operation> computed = new ArrayList<>(List.of(stepBefore.op(), learningRate.op(), weightDecay.op()));
    for (Output<?> t : total) {
      computed.add(t.op());
    }
    List<Op> updates = config.optimizer().apply(at.withControlDependencyOps(computed), slots, total, learningRate);
    Op increment = at.withControlDependencies(updates).assignAdd(step, at.constant(1f));
    apply = at.withControlDependencies(List.of(increment)).withName("train").noOp();
  }

  /** One step on {@code batch} (the whole batch, laid out as for the single-device step). */
  StepMetrics run(Session session, TrainingBatch batch) {
    int k = parts.size();
    List<TrainingBatch> shares = new ArrayList<>();
    for (int p = 0; p < k; p++) {
      shares.add(batch.views(roundRows(config.clipsPerBatch(), replicas, micro, p), 2 * config.clipsPerBatch()));
    }
    List<Result> held = new ArrayList<>();
    try {
      // (1) Representations of every micro-batch.
      List<Result> reps = new ArrayList<>();
      for (int p = 0; p < k; p++) {
        reps.add(keep(held, forwardRun(session, shares.get(p), false, null, null)));
      }
      // (2) Losses and the representations' gradients.
      Session.Runner loss = session.runner();
      for (int p = 0; p < k; p++) {
        int at = 0;
        for (List<Placeholder<TFloat32>> part : parts.get(p)) {
          for (Placeholder<TFloat32> placeholder : part) {
            loss.feed(placeholder, reps.get(p).get(at++));
          }
        }
      }
      loss.fetch(global.loss()).fetch(local).fetch(global.accuracy()).fetch(global.entropy());
      for (Output<?> g : representationGradients) {
        loss.fetch(g);
      }
      Result losses = keep(held, loss.run());
      // (3) Backward passes, summed.
      Result sum = null;
      for (int p = 0; p < k; p++) {
        List<Tensor> seedValues = new ArrayList<>();
        for (int r = 0; r < replicas * REPRESENTATIONS; r++) {
          seedValues.add(losses.get(4 + p * replicas * REPRESENTATIONS + r));
        }
        Result next = keep(held, forwardRun(session, shares.get(p), true, seedValues, sum));
        if (sum != null) {
          held.remove(sum); // one sum of gradients alive at a time
          sum.close();
        }
        sum = next;
      }
      // (4) The update.
      Session.Runner update = session.runner();
      for (int i = 0; i < summed.size(); i++) {
        update.feed(summed.get(i), sum.get(i));
      }
      try (Result r = update.fetch(stepBefore).fetch(learningRate).fetch(weightDecay).addTarget(apply).run()) {
        float g = scalar(losses, 0);
        float l = scalar(losses, 1);
        float wd = scalar(r, 2);
        float total = g * config.globalWeight() + l * config.localWeight() + wd;
        return new StepMetrics((long) scalar(r, 0), scalar(r, 1), total, g, l, wd, scalar(losses, 2), scalar(losses, 3));
      }
    } finally {
      held.forEach(Result::close);
    }
  }

  /**
   * One micro-batch ({@code part}): without seeds, its representations (pass 1); with seeds, its
   * gradients added to {@code sum} (pass 3, which also updates the moving averages).
   */
  private Result forwardRun(Session session, TrainingBatch part, boolean backward, List<Tensor> seedValues, Result sum) {
    byte[] c = part.clips();
    float[] b = part.boxes();
    float[] m = part.masks();
    try (TUint8 ct = TUint8.tensorOf(clips.shape(), DataBuffers.of(c, true, false));
        TFloat32 bt = TFloat32.tensorOf(boxes.shape(), t -> t.asRawTensor().data().asFloats().write(b));
        TFloat32 mt = TFloat32.tensorOf(masks.shape(), t -> t.asRawTensor().data().asFloats().write(m))) {
      Session.Runner runner = session.runner().feed(clips, ct).feed(boxes, bt).feed(masks, mt);
      if (!backward) {
        forward.forEach(runner::fetch);
        return runner.run();
      }
      for (int r = 0; r < seeds.size(); r++) {
        runner.feed(seeds.get(r), seedValues.get(r));
      }
      for (int i = 0; i < gradients.size(); i++) {
        if (sum == null) {
          runner.fetch(gradients.get(i));
        } else {
          runner.feed(previous.get(i), sum.get(i)).fetch(accumulated.get(i));
        }
      }
      movingAverages.forEach(runner::addTarget);
      return runner.run();
    }
  }

  /**
   * Rows of the [2G, …] batch that round {@code p} takes: micro-batch p of every replica (replica r
   * holds clips r·G/R … (r+1)·G/R − 1), view a of each then view b, in replica order.
   */
  static int[] roundRows(int clips, int replicas, int micro, int p) {
    int perReplica = clips / replicas;
    int round = micro * replicas;
    int[] rows = new int[2 * round];
    for (int t = 0; t < replicas; t++) {
      for (int i = 0; i < micro; i++) {
        int clip = t * perReplica + p * micro + i;
        rows[t * micro + i] = clip;
        rows[round + t * micro + i] = clips + clip;
      }
    }
    return rows;
  }

  /** The representations gradient caching keeps: embeddings, a→b, b→a, instA, instB, then the masks. */
  private static List<Operand<TFloat32>> representations(R3dBackbone backbone, GlobalMlpHead head,
      InstanceReconstructor reconstructor, Ops ops, Operand<TUint8> clips, Operand<TFloat32> boxes, Operand<TFloat32> masks,
      Mode training) {
    Endpoints endpoints = backbone.apply(ConstclModel.toUnitRange(ops, clips), training);
    Operand<TFloat32> embeddings = head.apply(ConstclModel.globalPool(ops, endpoints.globalMap()), training);
    ReconstructorOutputs rec = reconstructor.apply(endpoints.localMap(), boxes, masks, training);
    return List.of(embeddings, rec.instA2b(), rec.instB2a(), rec.instA(), rec.instB(), rec.masksA(), rec.masksB());
  }

  /** One tower's round: its representations and moving-average updates. */
  private record Tower(List<Operand<TFloat32>> reps, List<Op> updates) {}

  private static Result keep(List<Result> held, Result r) {
    held.add(r);
    return r;
  }

  private static float scalar(Result r, int index) {
    return ((TFloat32) r.get(index)).getFloat();
  }
}
