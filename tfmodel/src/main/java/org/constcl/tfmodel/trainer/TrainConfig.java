package org.constcl.tfmodel.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import org.constcl.proposal.source.RandomBoxGenerator;
import org.constcl.tfmodel.data.AugmentSettings;
import org.constcl.tfmodel.data.DataSettings;
import org.constcl.tfmodel.head.ReconstructorConfig;
import org.constcl.tfmodel.model.Distribution;
import org.constcl.tfmodel.model.WorkerCluster;
import org.constcl.tfmodel.model.ModelConfig;
import org.constcl.tfmodel.nn.Precision;
import org.constcl.tfmodel.train.LearningRateSchedule;
import org.constcl.tfmodel.train.MomentumOptimizer;
import org.constcl.transforms.record.RecordDigest;

/**
 * A validated training config: the model, the data loader and the loop, from a {@link
 * ConfigTree}. Every value is range-checked here, with a message naming its key.
 */
public final class TrainConfig {
  private final ConfigTree tree;
  private final ModelConfig model;
  private final DataSettings data;
  private final long steps;
  private final int checkpointEvery;
  private final int keepCheckpoints;
  private final Validation validation;
  private final String digest;

  /**
   * Held-out evaluation of the training objective.
   *
   * @param every steps between evaluations (0: none)
   * @param split fraction of the clip dataset's videos held out (0: none; validation clips come from elsewhere)
   * @param batches batches per evaluation
   */
  public record Validation(int every, double split, int batches) {
    public boolean enabled() {
      return every > 0;
    }
  }

  private TrainConfig(ConfigTree tree) {
    this.tree = tree;
    long seed = integer("train.seed", Long.MIN_VALUE, Long.MAX_VALUE);
    this.steps = integer("train.steps", 1, Long.MAX_VALUE);
    this.checkpointEvery = (int) integer("train.checkpoint_every", 1, Integer.MAX_VALUE);
    this.keepCheckpoints = (int) integer("train.keep_checkpoints", 1, 1000);
    this.validation = new Validation((int) integer("validation.every", 0, Integer.MAX_VALUE),
        number("validation.split", 0, 0.9), (int) integer("validation.batches", 1, 10_000));
    int frames = (int) integer("model.frames", 2, 512);
    int size = (int) integer("model.size", 16, 1024);
    int regions = (int) integer("model.regions", 1, 256);
    int clips = (int) integer("data.clips_per_batch", 1, 1 << 16);
    long decay = integer("optimizer.decay_steps", 0, Long.MAX_VALUE);
    WorkerCluster workers;
    try {
      workers = WorkerCluster.parse(tree.get("distribute.workers").asText(),
          Duration.ofSeconds(integer("distribute.connect_timeout_s", 1, 86_400)),
          Duration.ofSeconds(integer("distribute.step_timeout_s", 1, 86_400)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("config distribute.workers: " + e.getMessage());
    }
    long split = integer("distribute.replicas", 1, 1024) * integer("distribute.micro_batches", 1, 1 << 16)
        * Math.max(1, workers.size());
    if (clips % split != 0) {
      throw new IllegalArgumentException("config data.clips_per_batch=" + clips + " must be a multiple of distribute.replicas"
          + " × distribute.micro_batches" + (workers.isEmpty() ? "" : " × workers") + " (" + split + ")");
    }
    try {
      ReconstructorConfig ref = ReconstructorConfig.reference();
      ReconstructorConfig rec = new ReconstructorConfig(
          (int) integer("model.context", 1, 99), ref.cropSize(), ref.sampleOffset(),
          (int) integer("model.decoder_width", 1, 4096), (int) integer("model.decoder_layers", 1, 64),
          (int) integer("model.decoder_heads", 1, 64), ref.layerNormEpsilon(), ref.dropoutRate());
      String backbone = choice("model.backbone", "r3d50", "small", "tiny");
      this.model = ModelConfig.builder()
          .backbone(backbone)
          .frames(frames)
          .size(size)
          .clipsPerBatch(clips)
          .regions(regions)
          .batchNorm((float) number("model.bn_momentum", 0, 1), (float) number("model.bn_epsilon", 0, 1))
          .mlp((int) integer("model.mlp_hidden_layers", 0, 16), (int) integer("model.mlp_hidden_width", 0, 1 << 16))
          .embeddingWidth((int) integer("model.embedding_width", 1, 1 << 16))
          .reconstructor(rec)
          .temperatures((float) number("loss.global_temperature", 1e-6, 100), (float) number("loss.local_temperature", 1e-6, 100))
          .lossWeights((float) number("loss.global_weight", 0, 1e6), (float) number("loss.local_weight", 0, 1e6))
          .weightDecay((float) number("loss.weight_decay", 0, 1))
          .optimizer(new MomentumOptimizer((float) number("optimizer.momentum", 0, 0.999999),
              bool("optimizer.lars"), (float) number("optimizer.lars_eta", 0, 100)))
          .schedule(new LearningRateSchedule((float) number("optimizer.learning_rate", 0, 1e6),
              integer("optimizer.warmup_steps", 0, Long.MAX_VALUE), decay == 0 ? steps : decay))
          .seed(seed)
          .threads((int) integer("train.threads", 0, 1024))
          .distribution(new Distribution((int) integer("distribute.replicas", 1, 1024),
              (int) integer("distribute.micro_batches", 1, 1 << 16), bool("distribute.sync_batch_norm"),
              choice("distribute.device_type", "cpu", "gpu"), Precision.parse(choice("distribute.precision", "float32", "bfloat16")), workers))
          .build();
    } catch (IllegalArgumentException e) {
      throw e.getMessage() != null && e.getMessage().startsWith("config ") ? e
          : new IllegalArgumentException("config: " + e.getMessage(), e);
    }
    int viewTimeSteps = frames / 2;
    int context = model.reconstructor().contextLevel();
    if (context > viewTimeSteps) {
      throw new IllegalArgumentException("config model.context=" + context + " exceeds the " + viewTimeSteps
          + " feature time steps that model.frames=" + frames + " leaves (frames / 2)");
    }
    double[] area = pair("data.augment.crop_area", 0.01, 1);
    double[] aspect = pair("data.augment.crop_aspect", 0.01, 100);
    double[] sigma = pair("data.augment.blur_sigma", 0.001, 100);
    AugmentSettings augment = new AugmentSettings(area[0], area[1], aspect[0], aspect[1],
        number("data.augment.flip", 0, 1), number("data.augment.jitter", 0, 1), number("data.augment.jitter_strength", 0, 1.25),
        number("data.augment.grayscale", 0, 1), probabilities("data.augment.blur"), sigma[0], sigma[1],
        probabilities("data.augment.solarize"));
    RandomBoxGenerator.Placement placement;
    try {
      placement = RandomBoxGenerator.Placement.parse(choice("data.random_boxes", "reference", "released", "inside"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("config data.random_boxes: " + e.getMessage());
    }
    RandomBoxGenerator generator = new RandomBoxGenerator(regions, 0.1, 0.5, 0.5, 2.0, placement);
    this.data = new DataSettings(frames, (int) integer("data.frame_stride", 1, 1000), size, clips, regions, seed,
        (int) integer("data.loader_threads", 1, 256), (int) integer("data.prefetch_batches", 1, 64),
        (int) integer("data.shuffle_buffer", 1, 1 << 24),
        choice("data.region_source", "random", "boxes").equals("boxes"), generator, augment, bool("data.reduced_decode"));
    // The recipe's digest: a layout (distribute) does not change it, so layouts resume each other.
    this.digest = "sha256:" + HexFormat.of().formatHex(RecordDigest.sha256(tree.recipe().toJson().getBytes(StandardCharsets.UTF_8)));
  }

  /** Validates {@code tree}. */
  public static TrainConfig of(ConfigTree tree) {
    return new TrainConfig(tree);
  }

  public ConfigTree tree() {
    return tree;
  }

  public ModelConfig model() {
    return model;
  }

  public DataSettings data() {
    return data;
  }

  public long steps() {
    return steps;
  }

  public int checkpointEvery() {
    return checkpointEvery;
  }

  public int keepCheckpoints() {
    return keepCheckpoints;
  }

  public Validation validation() {
    return validation;
  }

  /** {@code sha256:} of the canonical JSON of the config's recipe (without the distribute section). */
  public String digest() {
    return digest;
  }

  private long integer(String key, long min, long max) {
    JsonNode n = tree.get(key);
    long v = n.asLong();
    if (v < min || v > max) {
      throw new IllegalArgumentException("config " + key + "=" + n + " is out of range [" + min + ", " + max + "]");
    }
    return v;
  }

  private double number(String key, double min, double max) {
    JsonNode n = tree.get(key);
    double v = n.asDouble();
    if (!(v >= min && v <= max)) {
      throw new IllegalArgumentException("config " + key + "=" + n + " is out of range [" + min + ", " + max + "]");
    }
    return v;
  }

  private boolean bool(String key) {
    return tree.get(key).asBoolean();
  }

  private String choice(String key, String... allowed) {
    String v = tree.get(key).asText();
    for (String a : allowed) {
      if (a.equals(v)) {
        return v;
      }
    }
    throw new IllegalArgumentException("config " + key + "=" + v + " is not one of " + String.join(", ", allowed));
  }

  private double[] pair(String key, double min, double max) {
    JsonNode n = tree.get(key);
    double lo = n.get(0).asDouble();
    double hi = n.get(1).asDouble();
    if (!(lo >= min && hi <= max && lo <= hi)) {
      throw new IllegalArgumentException("config " + key + "=" + n + " must be [low, high] within [" + min + ", " + max + "]");
    }
    return new double[] {lo, hi};
  }

  private double[] probabilities(String key) {
    JsonNode n = tree.get(key);
    double a = n.get(0).asDouble();
    double b = n.get(1).asDouble();
    if (!(a >= 0 && a <= 1 && b >= 0 && b <= 1)) {
      throw new IllegalArgumentException("config " + key + "=" + n + " must be two probabilities in [0, 1]");
    }
    return new double[] {a, b};
  }
}
