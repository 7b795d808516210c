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
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * One training step over K micro-batches of m = B/K clips whose contrastive losses stay exact over
 * the whole batch (gradient caching, Gao et al. 2021): (1) each micro-batch's forward pass gives
 * its representations — global embeddings and the four region tensors of the local loss — and
 * nothing else is kept; (2) the losses over the whole batch, and their gradients with respect to
 * every micro-batch's representations; (3) per micro-batch, the forward pass again and a backward
 * pass seeded with those gradients, summed over micro-batches; (4) one optimizer update with the
 * sum plus weight decay's gradient. Only one micro-batch's activations exist at a time.
 *
 * <p>Batch norm normalises each micro-batch with its own statistics (passes 1 and 3 alike), so the
 * step is exactly the one of K towers with per-tower batch norm (and the losses those of the whole
 * batch); its moving averages take one update per micro-batch in pass 3, K a step, as gradient
 * accumulation frameworks do.
 */
final class GradientCachedStep {
  /** Representations per micro-batch: embeddings [2m, D], a2b, b2a, instA, instB [m, N, C]. */
  private static final int REPRESENTATIONS = 5;

  private final ModelConfig config;
  private final int micro;
  private final Placeholder<TUint8> clips;
  private final Placeholder<TFloat32> boxes;
  private final Placeholder<TFloat32> masks;
  private final List<Operand<TFloat32>> forward = new ArrayList<>();
  private final List<Op> movingAverages;
  private final List<List<Placeholder<TFloat32>>> parts = new ArrayList<>();
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
    int k = config.distribution().microBatches();
    this.micro = config.clipsPerBatch() / k;
    Ops mt = tf.withSubScope("micro_batch");
    int views = 2 * micro;
    clips = mt.withName("clips").placeholder(TUint8.class,
        Placeholder.shape(Shape.of(views, config.frames(), config.size(), config.size(), 3)));
    boxes = mt.withName("boxes").placeholder(TFloat32.class, Placeholder.shape(Shape.of(views, config.regions(), 4)));
    masks = mt.withName("masks").placeholder(TFloat32.class, Placeholder.shape(Shape.of(views, config.regions())));

    // (1, 3) The micro-batch's forward pass; its training-mode BN collects the moving-average updates.
    Mode training = Mode.training();
    List<Operand<TFloat32>> reps = vars.inTower(mt, () -> {
      Endpoints endpoints = backbone.apply(ConstclModel.toUnitRange(mt, clips), training);
      Operand<TFloat32> embeddings = head.apply(ConstclModel.globalPool(mt, endpoints.globalMap()), training);
      ReconstructorOutputs rec = reconstructor.apply(endpoints.localMap(), boxes, masks, training);
      return List.of(embeddings, rec.instA2b(), rec.instB2a(), rec.instA(), rec.instB(), rec.masksA(), rec.masksB());
    });
    forward.addAll(reps);
    movingAverages = training.updates();

    // (2) The losses over the whole batch from every micro-batch's representations.
    Ops lt = tf.withSubScope("micro_batch_loss");
    List<Operand<TFloat32>> viewA = new ArrayList<>();
    List<Operand<TFloat32>> viewB = new ArrayList<>();
    List<List<Operand<TFloat32>>> regions = new ArrayList<>();
    for (int r = 0; r < 6; r++) {
      regions.add(new ArrayList<>());
    }
    for (int p = 0; p < k; p++) {
      List<Placeholder<TFloat32>> part = new ArrayList<>();
      for (Operand<TFloat32> rep : reps) {
        part.add(lt.placeholder(TFloat32.class, Placeholder.shape(rep.shape())));
      }
      parts.add(part);
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
    global = GlobalContrastiveLoss.apply(lt, lt.concat(embeddingViews, lt.constant(0)), config.globalTemperature());
    List<Operand<TFloat32>> whole = new ArrayList<>();
    for (List<Operand<TFloat32>> r : regions) {
      whole.add(lt.concat(r, lt.constant(0)));
    }
    local = InstanceContrastiveLoss.apply(lt, whole.get(0), whole.get(1), whole.get(2), whole.get(3), whole.get(4),
        whole.get(5), config.localTemperature());
    Operand<TFloat32> contrastive = lt.math.add(lt.math.mul(global.loss(), lt.constant(config.globalWeight())),
        lt.math.mul(local, lt.constant(config.localWeight())));
    List<Output<?>> xs = new ArrayList<>();
    for (List<Placeholder<TFloat32>> part : parts) {
      for (int r = 0; r < REPRESENTATIONS; r++) {
        xs.add(part.get(r).asOutput());
      }
    }
    representationGradients = graph.addGradients(contrastive.asOutput(), xs.toArray(new Output<?>[0]));

    // (3) The backward pass of one micro-batch seeded with its representations' gradients, added to the sum so far.
    // Seeded as the gradient of Σ_r ⟨rep_r, seed_r⟩ (seeds are fed constants): one output to
    // differentiate. Seeding the representations as several outputs lost the gradient that reaches
    // instA/instB both directly and through the decoder (they are ancestors of a2b and b2a).
    Ops bt = tf.withSubScope("micro_batch_backward");
    List<Operand<TFloat32>> products = new ArrayList<>();
    for (int r = 0; r < REPRESENTATIONS; r++) {
      Placeholder<TFloat32> seed = bt.placeholder(TFloat32.class, Placeholder.shape(reps.get(r).shape()));
      seeds.add(seed);
      Operand<TFloat32> rep = reps.get(r);
      int[] axes = new int[rep.shape().numDimensions()];
      for (int a = 0; a < axes.length; a++) {
        axes[a] = a;
      }
      products.add(bt.sum(bt.math.mul(rep, seed), bt.constant(axes)));
    }
    Operand<TFloat32> surrogate = bt.math.addN(products);
    List<Variable<TFloat32>> trained = slots.variables();
    Output<?>[] ws = new Output<?>[trained.size()];
    for (int i = 0; i < ws.length; i++) {
      ws[i] = trained.get(i).asOutput();
    }
    Output<?>[] gs = graph.addGradients(surrogate.asOutput(), ws);
    for (int i = 0; i < gs.length; i++) {
      if (gs[i] == null) {
        throw new IllegalStateException("no gradient reaches " + slots.names().get(i));
      }
      @SuppressWarnings("unchecked")
      Operand<TFloat32> g = (Operand<TFloat32>) gs[i];
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
      shares.add(batch.views(ConstclModel.towerRows(config.clipsPerBatch(), micro, p), 2 * config.clipsPerBatch()));
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
        for (int r = 0; r < parts.get(p).size(); r++) {
          loss.feed(parts.get(p).get(r), reps.get(p).get(r));
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
        for (int r = 0; r < REPRESENTATIONS; r++) {
          seedValues.add(losses.get(4 + p * REPRESENTATIONS + r));
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
      for (int r = 0; r < REPRESENTATIONS; r++) {
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

  private static Result keep(List<Result> held, Result r) {
    held.add(r);
    return r;
  }

  private static float scalar(Result r, int index) {
    return ((TFloat32) r.get(index)).getFloat();
  }
}
