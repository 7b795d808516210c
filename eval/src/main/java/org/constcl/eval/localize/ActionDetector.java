package org.constcl.eval.localize;

import java.util.ArrayList;
import java.util.List;
import org.constcl.eval.model.DownstreamGraph;
import org.constcl.tfmodel.backbone.R3dBackbone;
import org.constcl.tfmodel.head.RoiAlign;
import org.constcl.tfmodel.head.TransformerDecoder;
import org.constcl.tfmodel.loss.WeightDecay;
import org.constcl.tfmodel.model.ConstclModel;
import org.constcl.tfmodel.nn.CheckpointVariables;
import org.constcl.tfmodel.nn.Dense;
import org.constcl.tfmodel.nn.Initializer;
import org.constcl.tfmodel.nn.Mode;
import org.constcl.tfmodel.nn.VariableStore;
import org.constcl.tfmodel.train.LearningRateSchedule;
import org.constcl.tfmodel.train.MomentumOptimizer;
import org.tensorflow.Graph;
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
 * Spatio-temporal action detection on the R3D backbone (global branch): a clip centred on the
 * keyframe → backbone → the last stage's map averaged over time → ROIAlign of each person box,
 * averaged over its cells (the query) → a decoder whose memory is every cell of the map with a
 * learned positional embedding → linear → one sigmoid per class. Training fine-tunes every layer
 * (batch statistics) with sigmoid cross-entropy over valid boxes and classes, momentum SGD and
 * weight decay on kernels; inference uses moving statistics. Owns its graph and session; close it.
 */
public final class ActionDetector extends DownstreamGraph {
  private static final String HEAD = "action_head";
  private static final long POSITION_WIDTH = 16;

  private final ActionHeadConfig config;
  private final R3dBackbone backbone;
  private final TransformerDecoder decoder;
  private final Dense classifier;
  private final Variable<TFloat32> positions;
  private final Placeholder<TUint8> clips;
  private final Placeholder<TFloat32> boxes;
  private final Placeholder<TFloat32> masks;
  private final Placeholder<TFloat32> labels;
  private final Operand<TFloat32> loss;
  private final Operand<TFloat32> learningRate;
  private final Operand<TFloat32> stepBefore;
  private final Op train;
  private final Placeholder<TUint8> testClip;
  private final Placeholder<TFloat32> testBoxes;
  private final Operand<TFloat32> testScores;

  private ActionDetector(ActionHeadConfig config, LearningRateSchedule schedule) {
    this.config = config;
    try {
      Ops tf = Ops.create(graph);
      VariableStore backboneVars = new VariableStore(tf, config.seed());
      VariableStore headVars = backboneVars.sibling(config.seed() + 1);
      backbone = new R3dBackbone(backboneVars, config.spec(), ActionHeadConfig.BN_MOMENTUM, ActionHeadConfig.BN_EPSILON, false);
      long channels = config.spec().outChannels();
      long[] map = mapShape(config);
      positions = headVars.parameter(HEAD + "/positions", new long[] {map[0] * map[1] * map[2], POSITION_WIDTH},
          Initializer.glorotUniform());
      decoder = new TransformerDecoder(headVars, HEAD + "/decoder", ActionHeadConfig.LAYERS, ActionHeadConfig.UNITS,
          ActionHeadConfig.WIDTH, channels, channels + POSITION_WIDTH, ActionHeadConfig.LN_EPSILON, 0f, config.seed());
      classifier = new Dense(headVars, HEAD + "/logits", (long) ActionHeadConfig.UNITS * ActionHeadConfig.WIDTH,
          config.classes(), true);
      MomentumOptimizer optimizer = MomentumOptimizer.sgd(config.momentum());
      List<MomentumOptimizer.Slots> slots = List.of(optimizer.createSlots(headVars), optimizer.createSlots(backboneVars));
      Variable<TFloat32> step = headVars.state("optimizer/step", new long[0], Initializer.constant(0f));

      int b = config.batch();
      int r = config.maxBoxes();
      clips = tf.withName("clips").placeholder(TUint8.class,
          Placeholder.shape(Shape.of(b, config.frames(), config.size(), config.size(), 3)));
      boxes = tf.withName("boxes").placeholder(TFloat32.class, Placeholder.shape(Shape.of(b, r, 4)));
      masks = tf.withName("masks").placeholder(TFloat32.class, Placeholder.shape(Shape.of(b, r)));
      labels = tf.withName("labels").placeholder(TFloat32.class, Placeholder.shape(Shape.of(b, r, config.classes())));
      Mode mode = Mode.training();
      Operand<TFloat32> logits = logits(tf, clips, boxes, mode);
      // Sigmoid cross-entropy max(x,0) − x·z + log(1 + e^−|x|), averaged over valid boxes and classes.
      Operand<TFloat32> perEntry = tf.math.add(tf.math.sub(tf.nn.relu(logits), tf.math.mul(logits, labels)),
          tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits)))));
      Operand<TFloat32> perBox = tf.math.mean(perEntry, tf.constant(-1));
      Operand<TFloat32> valid = tf.math.maximum(tf.sum(masks, tf.constant(new int[] {0, 1})), tf.constant(1f));
      Operand<TFloat32> bce = tf.math.div(tf.sum(tf.math.mul(perBox, masks), tf.constant(new int[] {0, 1})), valid);
      List<Variable<TFloat32>> kernels = new ArrayList<>(headVars.kernels());
      kernels.addAll(backboneVars.kernels());
      loss = tf.withName("loss").math.add(bce, WeightDecay.apply(tf, kernels, config.weightDecay()));
      stepBefore = tf.math.add(step, tf.constant(0f));
      learningRate = schedule.apply(tf, stepBefore);
      train = optimizer.minimize(tf, graph, loss, slots, learningRate, List.of(loss, stepBefore, learningRate), mode.updates(),
          step, "train");

      testClip = tf.withName("test_clip").placeholder(TUint8.class,
          Placeholder.shape(Shape.of(1, config.frames(), config.size(), config.size(), 3)));
      testBoxes = tf.withName("test_boxes").placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, r, 4)));
      testScores = tf.math.sigmoid(logits(tf, testClip, testBoxes, Mode.inference()));

      open(new CheckpointVariables(tf, backboneVars, name -> name.startsWith(R3dBackbone.SCOPE + "/"), config.backbone() + " backbone"),
          config.threads());
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /**
   * Builds the graph and a session; call {@link #initialize()}, then optionally {@link #loadBackbone}.
   *
   * @param schedule the training steps' learning rate (AVA peak 3e-2, AVA-Kinetics 1e-2; warmup, cosine)
   */
  public static ActionDetector build(ActionHeadConfig config, LearningRateSchedule schedule) {
    return new ActionDetector(config, schedule);
  }

  /** [T', H', W'] of the backbone's last map for this config's clips, from a shape-only graph. */
  private static long[] mapShape(ActionHeadConfig config) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      R3dBackbone probe = new R3dBackbone(new VariableStore(tf, 0), config.spec(), 0.9f, 1e-5f, false);
      Operand<TFloat32> x = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(1, config.frames(), config.size(), config.size(), 3)));
      Shape s = probe.apply(x, Mode.inference()).globalMap().shape();
      return new long[] {s.size(1), s.size(2), s.size(3)};
    }
  }

  private Operand<TFloat32> logits(Ops tf, Operand<TUint8> input, Operand<TFloat32> personBoxes, Mode mode) {
    Operand<TFloat32> map = backbone.apply(ConstclModel.toUnitRange(tf, input), mode).globalMap(); // [B, T', H', W', C]
    long[] s = map.shape().asArray();
    Operand<TFloat32> pooled = tf.math.mean(map, tf.constant(1));
    Operand<TFloat32> queries = RoiAlign.pool(tf, pooled, personBoxes, ActionHeadConfig.CROP, 0.5f); // [B, R, C]
    Operand<TFloat32> cells = tf.reshape(map, tf.constant(new long[] {s[0], s[1] * s[2] * s[3], s[4]}));
    Operand<TFloat32> tiled = tf.tile(tf.expandDims(positions, tf.constant(0)), tf.constant(new int[] {(int) s[0], 1, 1}));
    Operand<TFloat32> memory = tf.concat(List.of(cells, tiled), tf.constant(-1));
    return classifier.apply(decoder.apply(queries, memory, mode, null));
  }

  public ActionHeadConfig config() {
    return config;
  }

  /**
   * One training step.
   *
   * @param batchClips uint8 [B, T, S, S, 3]
   * @param batchBoxes [B, R, 4] as y1, x1, y2, x2 normalised (padding rows any valid box)
   * @param batchMasks [B, R]: 1 for real boxes
   * @param batchLabels [B, R, K] multi-hot
   */
  public StepResult trainStep(byte[] batchClips, float[] batchBoxes, float[] batchMasks, float[] batchLabels) {
    try (TUint8 c = TUint8.tensorOf(clips.shape(), DataBuffers.of(batchClips, true, false));
        TFloat32 bx = TFloat32.tensorOf(boxes.shape(), DataBuffers.of(batchBoxes, true, false));
        TFloat32 m = TFloat32.tensorOf(masks.shape(), DataBuffers.of(batchMasks, true, false));
        TFloat32 l = TFloat32.tensorOf(labels.shape(), DataBuffers.of(batchLabels, true, false));
        Result r = session().runner().feed(clips, c).feed(boxes, bx).feed(masks, m).feed(labels, l)
            .fetch(stepBefore).fetch(learningRate).fetch(loss).addTarget(train).run()) {
      return new StepResult((long) scalar(r, 0), scalar(r, 1), scalar(r, 2));
    }
  }

  /** One step's numbers. */
  public record StepResult(long step, float learningRate, float loss) {}

  /** Class probabilities [R, K] of the boxes ([R, 4] as y1, x1, y2, x2) of one clip. */
  public float[] scores(byte[] clip, float[] clipBoxes) {
    try (TUint8 c = TUint8.tensorOf(testClip.shape(), DataBuffers.of(clip, true, false));
        TFloat32 bx = TFloat32.tensorOf(testBoxes.shape(), DataBuffers.of(clipBoxes, true, false));
        Result r = session().runner().feed(testClip, c).feed(testBoxes, bx).fetch(testScores).run()) {
      return floats((TFloat32) r.get(0));
    }
  }

}
