package org.constcl.eval.track;

import java.util.LinkedHashMap;
import java.util.Map;
import org.constcl.tfmodel.backbone.R3dSpec;

/**
 * Everything that shapes the SiamFC tracker graph: the backbone with the seed's modification (the
 * first block of res4 and res5 at spatial stride 1 with dilation 2 and 4, so the map keeps 1/8 of
 * the input), single frames fed as one-frame clips (or as static clips of {@code clipFrames}
 * copies, whose centre time step is read: the statistics a video backbone's batch norms learnt on
 * clips), the exemplar's feature map cut to its central
 * half (the target; the rest is context), cross-correlation over the search map at a fixed scale
 * (SiamFC's 0.001, per summed element), balanced logistic loss.
 *
 * @param backbone backbone spec name (must match the pre-trained checkpoint's)
 * @param exemplarSize exemplar crop side (SiamFC 127)
 * @param searchSize search crop side (SiamFC 255)
 * @param batch pairs per training step (256)
 * @param weightDecay coefficient of ½‖W‖² over kernels (1e-4)
 * @param momentum SGD momentum (0.9)
 * @param seed initialisation seed
 * @param threads TensorFlow intra-op threads (0: one per core)
 * @param clipFrames copies of each crop fed as a clip (1: a one-frame clip)
 */
public record SiamFcConfig(String backbone, int exemplarSize, int searchSize, int batch, float weightDecay, float momentum,
    long seed, int threads, int clipFrames) {
  /** Input pixels per response cell. */
  public static final int TOTAL_STRIDE = 8;
  /** Positive label radius in search-crop pixels at SiamFC's 255-pixel search crop (scaled with the crop). */
  static final double POSITIVE_RADIUS_255 = 16;

  public SiamFcConfig {
    R3dSpec.named(backbone);
    if (exemplarSize < 4 * TOTAL_STRIDE || searchSize <= exemplarSize || batch < 1) {
      throw new IllegalArgumentException("the tracker needs exemplar >= " + 4 * TOTAL_STRIDE
          + " px, search > exemplar, batch >= 1");
    }
    if (weightDecay < 0 || momentum < 0 || momentum >= 1) {
      throw new IllegalArgumentException("weight decay >= 0, momentum in [0, 1)");
    }
    if (clipFrames < 1) {
      throw new IllegalArgumentException("clip frames must be at least 1");
    }
  }

  /** One-frame clips, as SiamFC on a 2-D backbone sees its crops. */
  public SiamFcConfig(String backbone, int exemplarSize, int searchSize, int batch, float weightDecay, float momentum,
      long seed, int threads) {
    this(backbone, exemplarSize, searchSize, batch, weightDecay, momentum, seed, threads, 1);
  }

  /** The backbone as the tracker runs it. */
  public R3dSpec spec() {
    return R3dSpec.named(backbone).dilated(Map.of("res4", 2, "res5", 4));
  }

  /** The settings as a map. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("backbone", backbone);
    m.put("dilation", "res4 stride 1 dilation 2, res5 stride 1 dilation 4");
    m.put("exemplar_size", exemplarSize);
    m.put("search_size", searchSize);
    m.put("batch", batch);
    m.put("weight_decay", weightDecay);
    m.put("momentum", momentum);
    m.put("seed", seed);
    if (clipFrames != 1) {
      m.put("clip_frames", clipFrames);
    }
    return m;
  }
}
