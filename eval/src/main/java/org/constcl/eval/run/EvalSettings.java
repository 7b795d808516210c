package org.constcl.eval.run;

import java.util.LinkedHashMap;
import java.util.Map;
import org.constcl.eval.data.ClipGeometry;
import org.constcl.eval.model.Protocol;

/**
 * A protocol's training settings. {@link #defaults} gives the seed's values: linear evaluation 50
 * epochs, learning rate 0.84, batch 128 (Kinetics-400: 100 epochs, 32, 1024), no weight decay, no
 * dropout; fine-tuning 50 epochs, batch 128, weight decay 1e-5, dropout 0.5, learning rate 0.72
 * (UCF101) or 0.84 (HMDB51). Momentum 0.9; linear warmup over the first 5% of steps, then cosine
 * decay to zero.
 *
 * @param protocol linear or fine-tune
 * @param epochs passes over the training clips
 * @param batch clips per step
 * @param learningRate peak learning rate
 * @param warmupFraction fraction of the steps spent warming up
 * @param weightDecay coefficient of ½‖W‖² over kernels
 * @param dropout dropout rate before the linear layer
 * @param momentum SGD momentum
 * @param geometry clip cutting for training and testing
 * @param seed initialisation, sampling and dropout seed
 * @param loaderThreads threads making training clips
 * @param threads TensorFlow intra-op threads (0: one per core)
 */
public record EvalSettings(Protocol protocol, int epochs, int batch, float learningRate, double warmupFraction,
    float weightDecay, float dropout, float momentum, ClipGeometry geometry, long seed, int loaderThreads, int threads) {

  public EvalSettings {
    if (epochs < 1 || batch < 1 || learningRate <= 0 || warmupFraction < 0 || warmupFraction >= 1 || loaderThreads < 1) {
      throw new IllegalArgumentException("epochs >= 1, batch >= 1, learning rate > 0, warmup fraction in [0, 1), "
          + "loader threads >= 1");
    }
  }

  /** The seed's defaults for {@code protocol} on {@code dataset} (ucf101, hmdb51, kinetics, or other). */
  public static EvalSettings defaults(Protocol protocol, String dataset, ClipGeometry geometry) {
    boolean kinetics = dataset.startsWith("kinetics");
    if (protocol == Protocol.LINEAR) {
      return new EvalSettings(protocol, kinetics ? 100 : 50, kinetics ? 1024 : 128, kinetics ? 32f : 0.84f, 0.05, 0f, 0f,
          0.9f, geometry, 1, 2, 0);
    }
    float lr = dataset.startsWith("hmdb51") ? 0.84f : 0.72f;
    return new EvalSettings(protocol, 50, 128, lr, 0.05, 1e-5f, 0.5f, 0.9f, geometry, 1, 2, 0);
  }

  public EvalSettings withEpochs(int v) {
    return new EvalSettings(protocol, v, batch, learningRate, warmupFraction, weightDecay, dropout, momentum, geometry, seed, loaderThreads, threads);
  }

  public EvalSettings withBatch(int v) {
    return new EvalSettings(protocol, epochs, v, learningRate, warmupFraction, weightDecay, dropout, momentum, geometry, seed, loaderThreads, threads);
  }

  public EvalSettings withLearningRate(float v) {
    return new EvalSettings(protocol, epochs, batch, v, warmupFraction, weightDecay, dropout, momentum, geometry, seed, loaderThreads, threads);
  }

  public EvalSettings withWeightDecay(float v) {
    return new EvalSettings(protocol, epochs, batch, learningRate, warmupFraction, v, dropout, momentum, geometry, seed, loaderThreads, threads);
  }

  public EvalSettings withDropout(float v) {
    return new EvalSettings(protocol, epochs, batch, learningRate, warmupFraction, weightDecay, v, momentum, geometry, seed, loaderThreads, threads);
  }

  public EvalSettings withSeed(long v) {
    return new EvalSettings(protocol, epochs, batch, learningRate, warmupFraction, weightDecay, dropout, momentum, geometry, v, loaderThreads, threads);
  }

  public EvalSettings withThreads(int loader, int tensorflow) {
    return new EvalSettings(protocol, epochs, batch, learningRate, warmupFraction, weightDecay, dropout, momentum, geometry, seed, loader, tensorflow);
  }

  /** Every setting, for metrics.json and the resume check. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("protocol", protocol.id());
    m.put("epochs", epochs);
    m.put("batch", batch);
    m.put("learning_rate", learningRate);
    m.put("warmup_fraction", warmupFraction);
    m.put("schedule", "linear warmup, cosine decay");
    m.put("weight_decay", weightDecay);
    m.put("dropout", dropout);
    m.put("momentum", momentum);
    m.put("frames", geometry.frames());
    m.put("frame_stride", geometry.stride());
    m.put("train_size", geometry.trainSize());
    m.put("test_size", geometry.testSize());
    m.put("test_clips", geometry.testClips());
    m.put("test_crops", geometry.testCrops());
    m.put("train_crop_area", java.util.List.of(geometry.cropArea()[0], geometry.cropArea()[1]));
    m.put("train_crop_aspect", java.util.List.of(geometry.cropAspect()[0], geometry.cropAspect()[1]));
    m.put("seed", seed);
    return m;
  }
}
