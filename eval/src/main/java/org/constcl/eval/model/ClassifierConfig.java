package org.constcl.eval.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.constcl.tfmodel.backbone.R3dSpec;
import org.constcl.tfmodel.train.LearningRateSchedule;

/**
 * Everything that shapes a downstream classifier graph.
 *
 * @param protocol linear or fine-tune
 * @param backbone backbone spec name (must match the pre-trained checkpoint's)
 * @param frames frames per clip (T)
 * @param trainSize training crop side in pixels
 * @param testSize test view side in pixels
 * @param classes number of classes
 * @param batch clips per training step
 * @param dropout dropout rate before the linear layer (fine-tuning)
 * @param weightDecay coefficient of ½‖W‖² over kernels
 * @param momentum SGD momentum
 * @param schedule learning rate: linear warmup, cosine decay
 * @param bnMomentum batch-norm moving-average momentum
 * @param bnEpsilon batch-norm epsilon
 * @param seed initialisation and dropout seed
 * @param threads TensorFlow intra-op threads (0: one per core)
 */
public record ClassifierConfig(Protocol protocol, String backbone, int frames, int trainSize, int testSize, int classes,
    int batch, float dropout, float weightDecay, float momentum, LearningRateSchedule schedule, float bnMomentum,
    float bnEpsilon, long seed, int threads) {

  public ClassifierConfig {
    R3dSpec.named(backbone);
    if (frames < 2 || trainSize < 16 || testSize < 16 || classes < 2 || batch < 1) {
      throw new IllegalArgumentException("classifier needs frames >= 2, sizes >= 16, classes >= 2, batch >= 1");
    }
    if (dropout < 0 || dropout >= 1 || weightDecay < 0 || momentum < 0 || momentum >= 1) {
      throw new IllegalArgumentException("dropout in [0, 1), weight decay >= 0, momentum in [0, 1)");
    }
  }

  public R3dSpec spec() {
    return R3dSpec.named(backbone);
  }

  /** The settings as a map, for metrics and checkpoints. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("protocol", protocol.id());
    m.put("backbone", backbone);
    m.put("frames", frames);
    m.put("train_size", trainSize);
    m.put("test_size", testSize);
    m.put("classes", classes);
    m.put("batch", batch);
    m.put("dropout", dropout);
    m.put("weight_decay", weightDecay);
    m.put("momentum", momentum);
    m.put("schedule", schedule.toString());
    m.put("seed", seed);
    return m;
  }
}
