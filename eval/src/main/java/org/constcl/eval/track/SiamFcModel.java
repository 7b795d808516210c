package org.constcl.eval.track;

import java.util.ArrayList;
import java.util.List;
import org.constcl.eval.model.DownstreamGraph;
import org.constcl.tfmodel.backbone.R3dBackbone;
import org.constcl.tfmodel.loss.WeightDecay;
import org.constcl.tfmodel.model.ConstclModel;
import org.constcl.tfmodel.nn.CheckpointVariables;
import org.constcl.tfmodel.nn.Initializer;
import org.constcl.tfmodel.nn.Mode;
import org.constcl.tfmodel.nn.VariableStore;
import org.constcl.tfmodel.train.LearningRateSchedule;
import org.constcl.tfmodel.train.MomentumOptimizer;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * The SiamFC tracker's graph (see {@link SiamFcConfig}): a training path on (exemplar, search)
 * pairs whose target sits at the search crop's centre, and two inference paths — the exemplar's
 * feature once per sequence, then responses of search crops (one per scale) to it. Owns its graph
 * and session; close it.
 */
public final class SiamFcModel extends DownstreamGraph {
  private final SiamFcConfig config;
  private final R3dBackbone backbone;
  private final Placeholder<TUint8> exemplars;
  private final Placeholder<TUint8> searches;
  private final Operand<TFloat32> loss;
  private final Operand<TFloat32> learningRate;
  private final Operand<TFloat32> stepBefore;
  private final Op train;
  private final Placeholder<TUint8> exemplar;
  private final Operand<TFloat32> exemplarFeature;
  private final Placeholder<TFloat32> template;
  private final Placeholder<TUint8> scaled;
  private final Operand<TFloat32> responses;
  private final long[] templateShape;
  private final int responseSize;

  private SiamFcModel(SiamFcConfig config, LearningRateSchedule schedule) {
    this.config = config;
    try {
      Ops tf = Ops.create(graph);
      VariableStore backboneVars = new VariableStore(tf, config.seed());
      VariableStore headVars = backboneVars.sibling(config.seed() + 1);
      backbone = new R3dBackbone(backboneVars, config.spec(), 0.9f, 1e-5f, false);
      MomentumOptimizer optimizer = MomentumOptimizer.sgd(config.momentum());
      List<MomentumOptimizer.Slots> slots = List.of(optimizer.createSlots(backboneVars));
      Variable<TFloat32> step = headVars.state("optimizer/step", new long[0], Initializer.constant(0f));

      int b = config.batch();
      exemplars = tf.withName("exemplars").placeholder(TUint8.class,
          Placeholder.shape(Shape.of(b, config.exemplarSize(), config.exemplarSize(), 3)));
      searches = tf.withName("searches").placeholder(TUint8.class,
          Placeholder.shape(Shape.of(b, config.searchSize(), config.searchSize(), 3)));
      // Both branches normalise with batch statistics, but only the search branch's moving-average
      // updates run: two assigns to one variable per step would land in an arbitrary order.
      Mode exemplarMode = Mode.training();
      Mode mode = Mode.training();
      Operand<TFloat32> z = centre(tf, features(tf, exemplars, exemplarMode));
      Operand<TFloat32> x = features(tf, searches, mode);
      Operand<TFloat32> logits = correlate(tf, z, x);
      responseSize = (int) logits.shape().size(1);
      float[][] weights = labelWeights(responseSize, config);
      float[][] targets = new float[responseSize][responseSize];
      for (int i = 0; i < responseSize; i++) {
        for (int j = 0; j < responseSize; j++) {
          targets[i][j] = weights[i][j] < 0 ? 1 : 0;
          weights[i][j] = Math.abs(weights[i][j]);
        }
      }
      // Balanced logistic loss: positives and negatives weigh half each; max(x,0) − x·z + log(1 + e^−|x|).
      Operand<TFloat32> bce = tf.math.add(tf.math.sub(tf.nn.relu(logits), tf.math.mul(logits, tf.constant(targets))),
          tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits)))));
      Operand<TFloat32> perPair = tf.sum(tf.math.mul(bce, tf.constant(weights)), tf.constant(new int[] {1, 2}));
      List<Variable<TFloat32>> kernels = new ArrayList<>(backboneVars.kernels());
      loss = tf.withName("loss").math.add(tf.math.mean(perPair, tf.constant(0)),
          WeightDecay.apply(tf, kernels, config.weightDecay()));
      stepBefore = tf.math.add(step, tf.constant(0f));
      learningRate = schedule.apply(tf, stepBefore);
      train = optimizer.minimize(tf, graph, loss, slots, learningRate, List.of(loss, stepBefore, learningRate), mode.updates(),
          step, "train");

      exemplar = tf.withName("exemplar").placeholder(TUint8.class,
          Placeholder.shape(Shape.of(1, config.exemplarSize(), config.exemplarSize(), 3)));
      exemplarFeature = centre(tf, features(tf, exemplar, Mode.inference()));
      templateShape = exemplarFeature.shape().asArray();
      template = tf.withName("template").placeholder(TFloat32.class, Placeholder.shape(Shape.of(templateShape)));
      scaled = tf.withName("scaled_searches").placeholder(TUint8.class,
          Placeholder.shape(Shape.of(-1, config.searchSize(), config.searchSize(), 3)));
      Operand<TFloat32> searchMap = features(tf, scaled, Mode.inference());
      Operand<TFloat32> tiled = tf.tile(template, tf.concat(List.of(tf.slice(tf.shape(searchMap), tf.constant(new int[] {0}),
          tf.constant(new int[] {1})), tf.constant(new int[] {1, 1, 1})), tf.constant(0)));
      responses = correlate(tf, tiled, searchMap);

      open(new CheckpointVariables(tf, backboneVars, name -> name.startsWith(R3dBackbone.SCOPE + "/"), config.backbone() + " backbone"),
          config.threads());
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** Builds the graph and a session; {@code schedule} is the training steps' learning rate. */
  public static SiamFcModel build(SiamFcConfig config, LearningRateSchedule schedule) {
    return new SiamFcModel(config, schedule);
  }

  /**
   * uint8 crops [N, S, S, 3] → the last stage's map [N, S/8, S/8, C]: each crop a one-frame clip,
   * or a static clip of {@code clipFrames} copies whose centre time step is read.
   */
  private Operand<TFloat32> features(Ops tf, Operand<TUint8> crops, Mode mode) {
    Operand<TFloat32> clip = tf.expandDims(ConstclModel.toUnitRange(tf, crops), tf.constant(1));
    int t = config.clipFrames();
    if (t == 1) {
      Operand<TFloat32> map = backbone.apply(clip, mode).globalMap();
      return tf.squeeze(map, org.tensorflow.op.core.Squeeze.axis(List.of(1L)));
    }
    Operand<TFloat32> map = backbone.apply(tf.tile(clip, tf.constant(new int[] {1, t, 1, 1, 1})), mode).globalMap();
    int centre = (int) map.shape().size(1) / 2;
    return tf.squeeze(tf.slice(map, tf.constant(new int[] {0, centre, 0, 0, 0}), tf.constant(new int[] {-1, 1, -1, -1, -1})),
        org.tensorflow.op.core.Squeeze.axis(List.of(1L)));
  }

  /** The central half of the exemplar's map: the target without most of its context. */
  private static Operand<TFloat32> centre(Ops tf, Operand<TFloat32> map) {
    long h = map.shape().size(1);
    long w = map.shape().size(2);
    long ch = Math.max(1, h / 2);
    long cw = Math.max(1, w / 2);
    // int32 begin/size: the Slice gradient subtracts them from an int32 shape.
    return tf.slice(map, tf.constant(new int[] {0, (int) (h - ch) / 2, (int) (w - cw) / 2, 0}),
        tf.constant(new int[] {-1, (int) ch, (int) cw, -1}));
  }

  /**
   * Cross-correlation of each exemplar map [N, h, w, C] over its search map [N, H, W, C] ('VALID'):
   * [N, H−h+1, W−w+1], times {@link #outScale}. A sum of h·w shifted products: every op has a
   * gradient in TensorFlow's C++ registry (a grouped convolution's has not).
   */
  private Operand<TFloat32> correlate(Ops tf, Operand<TFloat32> z, Operand<TFloat32> x) {
    int h = (int) z.shape().size(1);
    int w = (int) z.shape().size(2);
    int rh = (int) x.shape().size(1) - h + 1;
    int rw = (int) x.shape().size(2) - w + 1;
    Operand<TFloat32> sum = null;
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        Operand<TFloat32> window = tf.slice(x, tf.constant(new int[] {0, i, j, 0}), tf.constant(new int[] {-1, rh, rw, -1}));
        Operand<TFloat32> tap = tf.slice(z, tf.constant(new int[] {0, i, j, 0}), tf.constant(new int[] {-1, 1, 1, -1}));
        Operand<TFloat32> product = tf.math.mul(window, tap);
        sum = sum == null ? product : tf.math.add(sum, product);
      }
    }
    Operand<TFloat32> response = tf.sum(sum, tf.constant(-1));
    return tf.math.mul(response, tf.constant(outScale(h, w, z.shape().size(3))));
  }

  /**
   * The fixed response scale: SiamFC's 0.001 at its 6×6×256 exemplar map, per summed element for
   * other shapes. Fixed, as in SiamFC: a learned scale multiplies a raw correlation of thousands,
   * so its gradient is huge and training at the reference learning rate diverges.
   */
  static float outScale(long h, long w, long channels) {
    return (float) (1e-3 * 6 * 6 * 256 / (h * w * channels));
  }

  /**
   * Per response cell: the loss weight, negative for positives (cells within the positive radius of
   * the centre, in search pixels); positives and negatives share half the weight each.
   */
  static float[][] labelWeights(int size, SiamFcConfig config) {
    // At least one cell: below that, small search crops would have the centre as their only positive.
    double radius = Math.max(SiamFcConfig.TOTAL_STRIDE, SiamFcConfig.POSITIVE_RADIUS_255 * config.searchSize() / 255.0);
    double c = (size - 1) / 2.0;
    boolean[][] positive = new boolean[size][size];
    int positives = 0;
    for (int i = 0; i < size; i++) {
      for (int j = 0; j < size; j++) {
        double d = Math.hypot(i - c, j - c) * SiamFcConfig.TOTAL_STRIDE;
        positive[i][j] = d <= radius;
        positives += positive[i][j] ? 1 : 0;
      }
    }
    int negatives = size * size - positives;
    float[][] w = new float[size][size];
    for (int i = 0; i < size; i++) {
      for (int j = 0; j < size; j++) {
        w[i][j] = positive[i][j] ? -0.5f / positives : negatives == 0 ? 0 : 0.5f / negatives;
      }
    }
    return w;
  }

  public SiamFcConfig config() {
    return config;
  }

  /** Response cells per side. */
  public int responseSize() {
    return responseSize;
  }

  /** One step on {@code batch} pairs (uint8 exemplars [B, E, E, 3], searches [B, X, X, 3]). */
  public StepResult trainStep(byte[] exemplarBatch, byte[] searchBatch) {
    try (TUint8 e = TUint8.tensorOf(exemplars.shape(), DataBuffers.of(exemplarBatch, true, false));
        TUint8 s = TUint8.tensorOf(searches.shape(), DataBuffers.of(searchBatch, true, false));
        Result r = session().runner().feed(exemplars, e).feed(searches, s).fetch(stepBefore).fetch(learningRate).fetch(loss)
            .addTarget(train).run()) {
      return new StepResult((long) scalar(r, 0), scalar(r, 1), scalar(r, 2));
    }
  }

  /** One step's numbers. */
  public record StepResult(long step, float learningRate, float loss) {}

  /** The exemplar's (centred) feature map, flattened; feed it to {@link #respond}. */
  public float[] template(byte[] exemplarCrop) {
    try (TUint8 e = TUint8.tensorOf(exemplar.shape(), DataBuffers.of(exemplarCrop, true, false));
        Result r = session().runner().feed(exemplar, e).fetch(exemplarFeature).run()) {
      return floats((TFloat32) r.get(0));
    }
  }

  /** Responses [n, R, R] of {@code n} search crops (uint8 [n, X, X, 3]) to {@code templateFeature}. */
  public float[] respond(float[] templateFeature, byte[] searchCrops, int n) {
    try (TFloat32 t = TFloat32.tensorOf(Shape.of(templateShape), DataBuffers.of(templateFeature, true, false));
        TUint8 s = TUint8.tensorOf(Shape.of(n, config.searchSize(), config.searchSize(), 3), DataBuffers.of(searchCrops, true, false));
        Result r = session().runner().feed(template, t).feed(scaled, s).fetch(responses).run()) {
      return floats((TFloat32) r.get(0));
    }
  }

}
