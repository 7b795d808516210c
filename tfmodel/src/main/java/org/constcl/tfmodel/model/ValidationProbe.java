package org.constcl.tfmodel.model;

import java.util.List;
import org.constcl.tfmodel.backbone.Endpoints;
import org.constcl.tfmodel.backbone.R3dBackbone;
import org.constcl.tfmodel.head.GlobalMlpHead;
import org.constcl.tfmodel.head.InstanceReconstructor;
import org.constcl.tfmodel.head.ReconstructorOutputs;
import org.constcl.tfmodel.loss.GlobalContrastiveLoss;
import org.constcl.tfmodel.loss.InstanceContrastiveLoss;
import org.constcl.tfmodel.nn.Mode;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * The training objective evaluated without training: a batch shaped like a training batch goes
 * through the backbone, the global head and the reconstructor with moving statistics and no
 * dropout, and the global and local contrastive losses and accuracies come back. No variable
 * changes.
 */
final class ValidationProbe {
  private final Placeholder<TUint8> clips;
  private final Placeholder<TFloat32> boxes;
  private final Placeholder<TFloat32> masks;
  private final List<Operand<TFloat32>> outputs;

  ValidationProbe(Ops tf, ModelConfig config, R3dBackbone backbone, GlobalMlpHead head, InstanceReconstructor reconstructor,
      Placeholder<TUint8> trainingClips, Placeholder<TFloat32> trainingBoxes, Placeholder<TFloat32> trainingMasks) {
    clips = tf.withName("clips").placeholder(TUint8.class, Placeholder.shape(trainingClips.shape()));
    boxes = tf.withName("boxes").placeholder(TFloat32.class, Placeholder.shape(trainingBoxes.shape()));
    masks = tf.withName("masks").placeholder(TFloat32.class, Placeholder.shape(trainingMasks.shape()));
    Mode inference = Mode.inference();
    Endpoints e = backbone.apply(ConstclModel.toUnitRange(tf, clips), inference);
    GlobalContrastiveLoss.Result global = GlobalContrastiveLoss.apply(tf,
        head.apply(ConstclModel.globalPool(tf, e.globalMap()), inference), config.globalTemperature());
    ReconstructorOutputs r = reconstructor.apply(e.localMap(), boxes, masks, inference);
    InstanceContrastiveLoss.Evaluation local = InstanceContrastiveLoss.evaluate(tf, r.instA2b(), r.instB2a(), r.instA(),
        r.instB(), r.masksA(), r.masksB(), config.localTemperature());
    outputs = List.of(global.loss(), global.accuracy(), local.loss(), local.accuracy());
  }

  ValidationMetrics run(Session session, TrainingBatch batch) {
    try (TUint8 c = TUint8.tensorOf(clips.shape(), DataBuffers.of(batch.clips(), true, false));
        TFloat32 b = TFloat32.tensorOf(boxes.shape(), t -> t.asRawTensor().data().asFloats().write(batch.boxes()));
        TFloat32 m = TFloat32.tensorOf(masks.shape(), t -> t.asRawTensor().data().asFloats().write(batch.masks()))) {
      Session.Runner runner = session.runner().feed(clips, c).feed(boxes, b).feed(masks, m);
      outputs.forEach(runner::fetch);
      try (Result r = runner.run()) {
        return new ValidationMetrics(value(r, 0), value(r, 1), value(r, 2), value(r, 3));
      }
    }
  }

  private static double value(Result r, int i) {
    return ((TFloat32) r.get(i)).getFloat();
  }
}
