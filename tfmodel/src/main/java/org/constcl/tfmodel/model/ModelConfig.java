package org.constcl.tfmodel.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.constcl.tfmodel.backbone.R3dSpec;
import org.constcl.tfmodel.head.ReconstructorConfig;
import org.constcl.tfmodel.train.LearningRateSchedule;
import org.constcl.tfmodel.train.MomentumOptimizer;

/**
 * Everything that defines a ConST-CL graph: the backbone spec, input geometry, batch, heads, loss
 * weights and temperatures, optimizer and schedule, seed. Defaults are the reference recipe's
 * (method reference §1–6) except the batch and input size, which a trainer sets. Validated by
 * {@link Builder#build()}.
 */
public final class ModelConfig {
  private final String backbone;
  private final int frames;
  private final int size;
  private final int clipsPerBatch;
  private final int regions;
  private final float bnMomentum;
  private final float bnEpsilon;
  private final int mlpHiddenLayers;
  private final int mlpHiddenWidth;
  private final int embeddingWidth;
  private final ReconstructorConfig reconstructor;
  private final float globalTemperature;
  private final float localTemperature;
  private final float globalWeight;
  private final float localWeight;
  private final float weightDecay;
  private final MomentumOptimizer optimizer;
  private final LearningRateSchedule schedule;
  private final long seed;
  private final int threads;
  private final Distribution distribution;

  private ModelConfig(Builder b) {
    backbone = b.backbone;
    frames = b.frames;
    size = b.size;
    clipsPerBatch = b.clipsPerBatch;
    regions = b.regions;
    bnMomentum = b.bnMomentum;
    bnEpsilon = b.bnEpsilon;
    mlpHiddenLayers = b.mlpHiddenLayers;
    mlpHiddenWidth = b.mlpHiddenWidth > 0 ? b.mlpHiddenWidth : R3dSpec.named(b.backbone).outChannels();
    embeddingWidth = b.embeddingWidth;
    reconstructor = b.reconstructor;
    globalTemperature = b.globalTemperature;
    localTemperature = b.localTemperature;
    globalWeight = b.globalWeight;
    localWeight = b.localWeight;
    weightDecay = b.weightDecay;
    optimizer = b.optimizer;
    schedule = b.schedule;
    seed = b.seed;
    threads = b.threads > 0 ? b.threads : Runtime.getRuntime().availableProcessors();
    distribution = b.distribution;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String backbone() { return backbone; }
  public R3dSpec spec() { return R3dSpec.named(backbone); }
  public int frames() { return frames; }
  public int size() { return size; }
  public int clipsPerBatch() { return clipsPerBatch; }
  public int regions() { return regions; }
  public float bnMomentum() { return bnMomentum; }
  public float bnEpsilon() { return bnEpsilon; }
  public int mlpHiddenLayers() { return mlpHiddenLayers; }
  public int mlpHiddenWidth() { return mlpHiddenWidth; }
  public int embeddingWidth() { return embeddingWidth; }
  public ReconstructorConfig reconstructor() { return reconstructor; }
  public float globalTemperature() { return globalTemperature; }
  public float localTemperature() { return localTemperature; }
  public float globalWeight() { return globalWeight; }
  public float localWeight() { return localWeight; }
  public float weightDecay() { return weightDecay; }
  public MomentumOptimizer optimizer() { return optimizer; }
  public LearningRateSchedule schedule() { return schedule; }
  public long seed() { return seed; }
  public int threads() { return threads; }
  public Distribution distribution() { return distribution; }

  /** Every setting that shapes the graph or its numbers, for checkpoints and digests. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("backbone", backbone);
    m.put("frames", frames);
    m.put("size", size);
    m.put("clips_per_batch", clipsPerBatch);
    m.put("regions", regions);
    m.put("bn_momentum", bnMomentum);
    m.put("bn_epsilon", bnEpsilon);
    m.put("mlp_hidden_layers", mlpHiddenLayers);
    m.put("mlp_hidden_width", mlpHiddenWidth);
    m.put("embedding_width", embeddingWidth);
    m.put("reconstructor", reconstructor.toString());
    m.put("global_temperature", globalTemperature);
    m.put("local_temperature", localTemperature);
    m.put("global_weight", globalWeight);
    m.put("local_weight", localWeight);
    m.put("weight_decay", weightDecay);
    m.put("optimizer", optimizer.toString());
    m.put("schedule", schedule.toString());
    m.put("seed", seed);
    if (!distribution.isDefault()) {
      // Only when not the default, so single-device checkpoints describe themselves as they always did.
      m.put("distribute", distribution.describe());
    }
    return m;
  }

  /** A builder holding this config's settings. */
  public Builder toBuilder() {
    return builder().backbone(backbone).frames(frames).size(size).clipsPerBatch(clipsPerBatch).regions(regions)
        .batchNorm(bnMomentum, bnEpsilon).mlp(mlpHiddenLayers, mlpHiddenWidth).embeddingWidth(embeddingWidth)
        .reconstructor(reconstructor).temperatures(globalTemperature, localTemperature).lossWeights(globalWeight, localWeight)
        .weightDecay(weightDecay).optimizer(optimizer).schedule(schedule).seed(seed).threads(threads).distribution(distribution);
  }

  /** Builder with the reference recipe's defaults. */
  public static final class Builder {
    private String backbone = "r3d50";
    private int frames = 16;
    private int size = 224;
    private int clipsPerBatch = 2;
    private int regions = 8;
    private float bnMomentum = 0.9f;
    private float bnEpsilon = 1e-5f;
    private int mlpHiddenLayers = 3;
    private int mlpHiddenWidth = 0;
    private int embeddingWidth = 128;
    private ReconstructorConfig reconstructor = ReconstructorConfig.reference();
    private float globalTemperature = 0.1f;
    private float localTemperature = 0.2f;
    private float globalWeight = 1f;
    private float localWeight = 0.001f;
    private float weightDecay = 1e-6f;
    private MomentumOptimizer optimizer = MomentumOptimizer.sgd(0.9f);
    private LearningRateSchedule schedule = new LearningRateSchedule(0.1f, 0, 1000);
    private long seed = 1;
    private int threads = 0;
    private Distribution distribution = Distribution.single();

    private Builder() {}

    public Builder backbone(String v) { backbone = v; return this; }
    public Builder frames(int v) { frames = v; return this; }
    public Builder size(int v) { size = v; return this; }
    public Builder clipsPerBatch(int v) { clipsPerBatch = v; return this; }
    public Builder regions(int v) { regions = v; return this; }
    public Builder batchNorm(float momentum, float epsilon) { bnMomentum = momentum; bnEpsilon = epsilon; return this; }
    /** Hidden layers and width of the global head (width 0: the backbone's output channels). */
    public Builder mlp(int layers, int width) { mlpHiddenLayers = layers; mlpHiddenWidth = width; return this; }
    public Builder embeddingWidth(int v) { embeddingWidth = v; return this; }
    public Builder reconstructor(ReconstructorConfig v) { reconstructor = v; return this; }
    public Builder temperatures(float global, float local) { globalTemperature = global; localTemperature = local; return this; }
    public Builder lossWeights(float global, float local) { globalWeight = global; localWeight = local; return this; }
    public Builder weightDecay(float v) { weightDecay = v; return this; }
    public Builder optimizer(MomentumOptimizer v) { optimizer = v; return this; }
    public Builder schedule(LearningRateSchedule v) { schedule = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    /** Intra-op threads (0: one per core). */
    public Builder threads(int v) { threads = v; return this; }
    public Builder distribution(Distribution v) { distribution = v; return this; }

    /** @throws IllegalArgumentException naming the first invalid setting */
    public ModelConfig build() {
      R3dSpec.named(backbone);
      require(frames >= 2, "frames must be at least 2, got " + frames);
      require(size >= 16, "size must be at least 16, got " + size);
      require(clipsPerBatch >= 1, "clips per batch must be at least 1, got " + clipsPerBatch);
      require(regions >= 1, "regions must be at least 1, got " + regions);
      require(bnMomentum > 0 && bnMomentum < 1, "batch-norm momentum must be in (0, 1), got " + bnMomentum);
      require(bnEpsilon > 0, "batch-norm epsilon must be positive");
      require(mlpHiddenLayers >= 0 && mlpHiddenWidth >= 0 && embeddingWidth >= 1, "invalid global head size");
      require(globalTemperature > 0 && localTemperature > 0, "temperatures must be positive");
      require(globalWeight >= 0 && localWeight >= 0 && weightDecay >= 0, "loss weights and weight decay must be >= 0");
      require(optimizer.momentum() >= 0 && optimizer.momentum() < 1, "momentum must be in [0, 1)");
      require(threads >= 0, "threads must be >= 0");
      require(clipsPerBatch % distribution.towers() == 0, "clips per batch (" + clipsPerBatch
          + ") must be a multiple of the replicas over all workers (" + distribution.towers() + ")");
      require(clipsPerBatch % (distribution.towers() * distribution.microBatches()) == 0, "clips per batch (" + clipsPerBatch
          + ") must be a multiple of the replicas over all workers × the micro-batches ("
          + distribution.towers() + " × " + distribution.microBatches() + ")");
      return new ModelConfig(this);
    }

    private static void require(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
