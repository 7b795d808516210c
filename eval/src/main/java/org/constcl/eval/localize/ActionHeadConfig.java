package org.constcl.eval.localize;

import java.util.LinkedHashMap;
import java.util.Map;
import org.constcl.tfmodel.backbone.R3dSpec;

/**
 * Everything that shapes the AVA action-detection graph (the reference's {@code ActionTransformer}
 * head, §3.7 of the method reference): ROIAlign {@value #CROP}×{@value #CROP} at offset 0.5, a
 * decoder of {@value #LAYERS} layers × {@value #UNITS} units × {@value #WIDTH} channels over the
 * clip's feature map with a learned positional embedding, a linear classifier, sigmoid per class.
 *
 * @param backbone backbone spec name (must match the pre-trained checkpoint's)
 * @param frames frames per clip (the seed: 32)
 * @param stride stored frames between clip frames (the seed: 2)
 * @param size frame side after resizing (the paper: 400)
 * @param classes action classes (label-map entries)
 * @param maxBoxes person boxes per keyframe in one pass (more are run in several passes)
 * @param batch keyframes per training step
 * @param weightDecay coefficient of ½‖W‖² over kernels (AVA 1e-4, AVA-Kinetics 1e-7)
 * @param momentum SGD momentum (0.9)
 * @param seed initialisation seed
 * @param threads TensorFlow intra-op threads (0: one per core)
 */
public record ActionHeadConfig(String backbone, int frames, int stride, int size, int classes, int maxBoxes, int batch,
    float weightDecay, float momentum, long seed, int threads) {
  public static final int CROP = 4;
  public static final int LAYERS = 3;
  public static final int UNITS = 3;
  public static final int WIDTH = 128;
  static final float BN_MOMENTUM = 0.9f;
  static final float BN_EPSILON = 1e-5f;
  static final float LN_EPSILON = 1e-12f;

  public ActionHeadConfig {
    R3dSpec.named(backbone);
    if (frames < 1 || stride < 1 || size < 32 || classes < 1 || maxBoxes < 1 || batch < 1) {
      throw new IllegalArgumentException("the action head needs frames >= 1, stride >= 1, size >= 32, classes >= 1,"
          + " max boxes >= 1, batch >= 1");
    }
    if (weightDecay < 0 || momentum < 0 || momentum >= 1) {
      throw new IllegalArgumentException("weight decay >= 0, momentum in [0, 1)");
    }
  }

  public R3dSpec spec() {
    return R3dSpec.named(backbone);
  }

  /** The settings as a map, for metrics and the run's settings file. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("backbone", backbone);
    m.put("frames", frames);
    m.put("stride", stride);
    m.put("size", size);
    m.put("classes", classes);
    m.put("max_boxes", maxBoxes);
    m.put("batch", batch);
    m.put("weight_decay", weightDecay);
    m.put("momentum", momentum);
    m.put("roi_crop", CROP);
    m.put("decoder", LAYERS + " layers x " + UNITS + " units x " + WIDTH);
    m.put("seed", seed);
    return m;
  }
}
