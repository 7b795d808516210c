package org.constcl.tfmodel.model;

import java.util.ArrayList;
import java.util.List;
import org.constcl.tfmodel.backbone.Endpoints;
import org.constcl.tfmodel.backbone.R3dBackbone;
import org.constcl.tfmodel.head.InstanceReconstructor;
import org.constcl.tfmodel.head.ReconstructorOutputs;
import org.constcl.tfmodel.nn.Mode;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/** The inference-mode pass of one clip's two views through the backbone and the reconstructor, for attention maps. */
final class AttentionProbe {
  private final ModelConfig config;
  private final Placeholder<TUint8> clips;
  private final Placeholder<TFloat32> boxes;
  private final Placeholder<TFloat32> masks;
  private final List<Operand<TFloat32>> attention;
  private final int featureFrames;
  private final int height;
  private final int width;

  AttentionProbe(Ops tf, ModelConfig config, R3dBackbone backbone, InstanceReconstructor reconstructor) {
    this.config = config;
    clips = tf.withName("clips").placeholder(TUint8.class,
        Placeholder.shape(Shape.of(2, config.frames(), config.size(), config.size(), 3)));
    boxes = tf.withName("boxes").placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, config.regions(), 4)));
    masks = tf.withName("masks").placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, config.regions())));
    Mode inference = Mode.inference();
    Endpoints e = backbone.apply(ConstclModel.toUnitRange(tf, clips), inference);
    Shape map = e.localMap().shape();
    featureFrames = (int) map.size(1);
    height = (int) map.size(2);
    width = (int) map.size(3);
    ReconstructorOutputs out = reconstructor.apply(e.localMap(), boxes, masks, inference);
    attention = out.attentionA2b();
  }

  AttentionMaps run(Session session, byte[] views, float[] regionBoxes, float[] regionMasks) {
    int n = config.regions();
    long viewBytes = (long) config.frames() * config.size() * config.size() * 3;
    if (views.length != 2 * viewBytes || regionBoxes.length != n * 4 || regionMasks.length != n) {
      throw new IllegalArgumentException("attention needs 2 views of " + viewBytes + " bytes, " + n + " boxes and masks");
    }
    float[] b = new float[2 * n * 4];
    float[] m = new float[2 * n];
    System.arraycopy(regionBoxes, 0, b, 0, n * 4);
    System.arraycopy(regionMasks, 0, m, 0, n);
    // View b needs boxes for its own (unused here) b→a pass: one whole-view box keeps it well defined.
    b[n * 4 + 2] = 1;
    b[n * 4 + 3] = 1;
    m[n] = 1;
    try (TUint8 c = TUint8.tensorOf(clips.shape(), DataBuffers.of(views, true, false));
        TFloat32 bt = TFloat32.tensorOf(boxes.shape(), t -> t.asRawTensor().data().asFloats().write(b));
        TFloat32 mt = TFloat32.tensorOf(masks.shape(), t -> t.asRawTensor().data().asFloats().write(m))) {
      Session.Runner runner = session.runner().feed(clips, c).feed(boxes, bt).feed(masks, mt);
      attention.forEach(runner::fetch);
      try (Result r = runner.run()) {
        float[][] maps = new float[attention.size()][];
        for (int k = 0; k < attention.size(); k++) {
          TFloat32 a = (TFloat32) r.get(k); // [1, N, M]
          maps[k] = new float[(int) a.shape().size()];
          a.asRawTensor().data().asFloats().read(maps[k]);
        }
        int level = config.reconstructor().contextLevel();
        return new AttentionMaps(maps, n, level, height, width, InstanceReconstructor.contextSteps(featureFrames, level),
            featureFrames);
      }
    }
  }
}
