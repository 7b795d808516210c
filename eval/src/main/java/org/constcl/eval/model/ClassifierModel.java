package org.constcl.eval.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.constcl.tfmodel.backbone.R3dBackbone;
import org.constcl.tfmodel.head.InstanceReconstructor;
import org.constcl.tfmodel.loss.WeightDecay;
import org.constcl.tfmodel.model.ConstclModel;
import org.constcl.tfmodel.nn.CheckpointVariables;
import org.constcl.tfmodel.nn.Dense;
import org.constcl.tfmodel.nn.Initializer;
import org.constcl.tfmodel.nn.Mode;
import org.constcl.tfmodel.nn.VariableStore;
import org.constcl.tfmodel.train.MomentumOptimizer;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * A video classifier on the R3D backbone (global branch only): uint8 clips → backbone → global
 * average pool → (linear: L2 normalisation; fine-tune: dropout) → one linear layer. The training
 * path trains the linear layer alone with the backbone frozen in inference mode ({@link
 * Protocol#LINEAR}), or every layer with batch statistics ({@link Protocol#FINETUNE}); softmax
 * cross-entropy, momentum SGD, warmup + cosine schedule, weight decay on kernels. The test path takes
 * clips of the test size and returns logits and pooled features; it is exported as the SavedModel
 * signature {@value #SIGNATURE}. Pre-trained backbone weights are loaded by logical variable name
 * ({@link #loadBackbone}). Owns its graph and session; close it.
 */
public final class ClassifierModel extends DownstreamGraph {
  /** SavedModel signature: {@code clips} uint8 [n, T, S, S, 3] → {@code logits} [n, K], {@code features} [n, C]. */
  public static final String SIGNATURE = "classify";
  static final String HEAD_SCOPE = "classifier";

  private final ClassifierConfig config;
  private final VariableStore backboneVars;
  private final Placeholder<TUint8> clips;
  private final Placeholder<TInt32> labels;
  private final Operand<TFloat32> loss;
  private final Operand<TFloat32> accuracy;
  private final Operand<TFloat32> learningRate;
  private final Operand<TFloat32> stepBefore;
  private final Op train;
  private final Placeholder<TUint8> testClips;
  private final Operand<TFloat32> testLogits;
  private final Operand<TFloat32> testFeatures;

  private ClassifierModel(ClassifierConfig config) {
    this.config = config;
    try {
      Ops tf = Ops.create(graph);
      backboneVars = new VariableStore(tf, config.seed());
      VariableStore headVars = backboneVars.sibling(config.seed());
      R3dBackbone backbone = new R3dBackbone(backboneVars, config.spec(), config.bnMomentum(), config.bnEpsilon(), false);
      long channels = config.spec().outChannels();
      Dense head = new Dense(headVars, HEAD_SCOPE + "/logits", channels, config.classes(), true);
      boolean finetune = config.protocol() == Protocol.FINETUNE;
      MomentumOptimizer optimizer = MomentumOptimizer.sgd(config.momentum());
      List<MomentumOptimizer.Slots> slots = new ArrayList<>();
      slots.add(optimizer.createSlots(headVars));
      if (finetune) {
        slots.add(optimizer.createSlots(backboneVars));
      }
      Variable<TFloat32> step = headVars.state("optimizer/step", new long[0], Initializer.constant(0f));

      clips = tf.withName("clips").placeholder(TUint8.class,
          Placeholder.shape(Shape.of(config.batch(), config.frames(), config.trainSize(), config.trainSize(), 3)));
      labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(config.batch())));
      stepBefore = tf.math.add(step, tf.constant(0f));
      Mode mode = finetune ? Mode.training() : Mode.inference();
      Operand<TFloat32> pooled = ConstclModel.globalPool(tf, backbone.apply(ConstclModel.toUnitRange(tf, clips), mode).globalMap());
      Operand<TFloat32> features = finetune ? dropout(tf, pooled, config.dropout(), stepBefore) : InstanceReconstructor.l2Normalize(tf, pooled);
      Operand<TFloat32> logits = head.apply(features);
      // Dense one-hot targets: TensorFlow's C++ gradient registry has the dense op's gradient only.
      Operand<TFloat32> targets = tf.oneHot(labels, tf.constant(config.classes()), tf.constant(1f), tf.constant(0f));
      Operand<TFloat32> crossEntropy = tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, targets).loss(),
          tf.constant(0));
      List<Variable<TFloat32>> kernels = new ArrayList<>(headVars.kernels());
      if (finetune) {
        kernels.addAll(backboneVars.kernels());
      }
      loss = tf.withName("loss").math.add(crossEntropy, WeightDecay.apply(tf, kernels, config.weightDecay()));
      Operand<TInt32> predicted = tf.dtypes.cast(tf.math.argMax(logits, tf.constant(1)), TInt32.class);
      accuracy = tf.math.mean(tf.dtypes.cast(tf.math.equal(predicted, labels), TFloat32.class), tf.constant(0));
      learningRate = config.schedule().apply(tf, stepBefore);

      train = optimizer.minimize(tf, graph, loss, slots, learningRate, List.of(loss, accuracy, stepBefore, learningRate),
          mode.isTraining() ? mode.updates() : List.of(), step, "train");

      testClips = tf.withName("test_clips").placeholder(TUint8.class,
          Placeholder.shape(Shape.of(-1, config.frames(), config.testSize(), config.testSize(), 3)));
      Operand<TFloat32> testPooled = ConstclModel.globalPool(tf, backbone.apply(ConstclModel.toUnitRange(tf, testClips), Mode.inference()).globalMap());
      testFeatures = finetune ? testPooled : InstanceReconstructor.l2Normalize(tf, testPooled);
      testLogits = head.apply(testFeatures);

      open(new CheckpointVariables(tf, backboneVars, name -> name.startsWith(R3dBackbone.SCOPE + "/"), config.backbone() + " backbone"),
          config.threads());
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** Builds the graph and a session; call {@link #initialize()}, then optionally restore. */
  public static ClassifierModel build(ClassifierConfig config) {
    return new ClassifierModel(config);
  }

  /** Inverted dropout with a stateless mask seeded by (seed, step): a resumed run draws the same masks. */
  private Operand<TFloat32> dropout(Ops tf, Operand<TFloat32> x, float rate, Operand<TFloat32> step) {
    if (rate == 0f) {
      return x;
    }
    Operand<TInt64> seed = tf.stack(List.of(tf.constant(config.seed()), tf.dtypes.cast(step, TInt64.class)));
    Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.shape(x), seed, TFloat32.class);
    return tf.select(tf.math.greaterEqual(u, tf.constant(rate)), tf.math.div(x, tf.constant(1f - rate)), tf.zerosLike(x));
  }

  public ClassifierConfig config() {
    return config;
  }

  /** One training step on {@code batch} clips (uint8 [B, T, S, S, 3]) with their labels. */
  public StepResult trainStep(byte[] batch, int[] batchLabels) {
    long expected = (long) config.batch() * config.frames() * config.trainSize() * config.trainSize() * 3;
    if (batch.length != expected || batchLabels.length != config.batch()) {
      throw new IllegalArgumentException("a training batch holds " + config.batch() + " clips of " + config.frames() + "x"
          + config.trainSize() + "x" + config.trainSize() + "x3 bytes and as many labels");
    }
    try (TUint8 c = TUint8.tensorOf(clips.shape(), DataBuffers.of(batch, true, false));
        TInt32 l = TInt32.vectorOf(batchLabels);
        Result r = session().runner().feed(clips, c).feed(labels, l)
            .fetch(stepBefore).fetch(learningRate).fetch(loss).fetch(accuracy).addTarget(train).run()) {
      return new StepResult((long) scalar(r, 0), scalar(r, 1), scalar(r, 2), scalar(r, 3));
    }
  }

  /** One step's numbers. */
  public record StepResult(long step, float learningRate, float loss, float accuracy) {}

  /** Logits [n, K] of {@code n} test clips (uint8 [n, T, S', S', 3]), row-major. */
  public float[] logits(byte[] testBatch, int n) {
    try (TUint8 c = TUint8.tensorOf(Shape.of(n, config.frames(), config.testSize(), config.testSize(), 3),
        DataBuffers.of(testBatch, true, false));
        Result r = session().runner().feed(testClips, c).fetch(testLogits).run()) {
      return floats((TFloat32) r.get(0));
    }
  }

  /** Exports a SavedModel (tag {@code serve}) with the {@value #SIGNATURE} signature. */
  public void exportSavedModel(Path folder) throws IOException {
    Signature s = Signature.builder().key(SIGNATURE).input("clips", testClips).output("logits", testLogits)
        .output("features", testFeatures).build();
    SavedModelBundle.exporter(folder.toString()).withSession(session()).withSignatures(s).export();
    org.constcl.tfmodel.run.DeterministicSavedModel.rewrite(folder);
  }

}
