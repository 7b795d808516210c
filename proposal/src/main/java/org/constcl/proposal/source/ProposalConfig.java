package org.constcl.proposal.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.constcl.proposal.detect.ModelFile;
import org.constcl.transforms.record.RecordDigest;

/**
 * Everything that decides a region source's boxes: the source, its engine, the engine's
 * parameters (defaults overlaid with the user's), the frame stride, the seed where the source is
 * random, and the model's digest where it runs one. {@link #canonicalJson()} is the config as
 * written into box records; {@link #digest()} is its SHA-256, so equal digests mean equal boxes.
 *
 * <pre>{@code
 * ProposalConfig c = ProposalConfig.builder("graph").set("scales", "300,600").frameStride(4).build();
 * }</pre>
 */
public final class ProposalConfig implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Default seed of the random sources. */
  public static final long DEFAULT_SEED = 1234L;

  private final String source;
  private final String engineId;
  private transient Engine engine;
  private final SourceParams params;
  private final int frameStride;
  private final long seed;
  private final ModelFile model;
  private final String canonicalJson;
  private final String digest;

  private ProposalConfig(Builder b, Engine engine, SourceParams params) {
    this.source = b.source.name();
    this.engine = engine;
    this.engineId = engine.id();
    this.params = params;
    this.frameStride = b.frameStride;
    this.seed = b.seed;
    this.model = b.model;
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("source", source);
    c.put("engine", engine.id());
    c.put("frame_stride", frameStride);
    if (usesSeed()) {
      c.put("seed", seed);
    }
    if (model != null) {
      c.put("model_format", model.format().name().toLowerCase(java.util.Locale.ROOT));
      c.put("model_sha256", model.sha256());
    }
    c.put("params", new TreeMap<>(params.asMap()));
    try {
      this.canonicalJson = JSON.writeValueAsString(c);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    this.digest = "sha256:" + HexFormat.of().formatHex(
        RecordDigest.sha256(canonicalJson.getBytes(StandardCharsets.UTF_8)));
  }

  /** A builder for the registered source {@code sourceName} ({@link RegionSources#named}). */
  public static Builder builder(String sourceName) {
    return new Builder(RegionSources.named(sourceName));
  }

  /** The source's name, as records and summaries carry it. */
  public String source() {
    return source;
  }

  /** The engine computing the boxes (found again from the registry after serialisation). */
  public Engine engine() {
    Engine e = engine;
    if (e == null) {
      RegionSourceType t = RegionSources.named(source);
      e = model != null ? t.detectorEngine(model).orElseThrow() : t.engine();
      if (!e.id().equals(engineId)) {
        throw new IllegalStateException("source " + source + " runs engine " + e.id() + " here, the config was made for "
            + engineId);
      }
      engine = e;
    }
    return e;
  }


  public SourceParams params() {
    return params;
  }

  /** Boxes are computed on stored frames 0, k, 2k, ... */
  public int frameStride() {
    return frameStride;
  }

  public long seed() {
    return seed;
  }

  /** The detector model, or null for the built-in engines. */
  public ModelFile model() {
    return model;
  }

  /** Whether the boxes depend on {@link #seed()}. */
  public boolean usesSeed() {
    return engine().usesSeed();
  }

  /** Whether the source needs decoded frames (random boxes do not). */
  public boolean needsPixels() {
    return engine().needsPixels();
  }

  /** The canonical config JSON written into box records. */
  public String canonicalJson() {
    return canonicalJson;
  }

  /** {@code sha256:<hex>} of {@link #canonicalJson()}. */
  public String digest() {
    return digest;
  }

  @Override
  public String toString() {
    return canonicalJson;
  }

  /** Collects a config; {@link #build} validates it without loading any native library or model. */
  public static final class Builder {
    private final RegionSourceType source;
    private final Map<String, String> overrides = new TreeMap<>();
    private int frameStride = 1;
    private long seed = DEFAULT_SEED;
    private Path modelPath;
    private ModelFile model;

    private Builder(RegionSourceType source) {
      this.source = source;
    }

    /** Overrides one engine parameter. */
    public Builder set(String key, String value) {
      overrides.put(key, value);
      return this;
    }

    /** Overrides several engine parameters. */
    public Builder setAll(Map<String, String> values) {
      overrides.putAll(values);
      return this;
    }

    public Builder frameStride(int k) {
      this.frameStride = k;
      return this;
    }

    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** A detector model (person and object sources); its format picks the engine. */
    public Builder model(Path path) {
      this.modelPath = path;
      return this;
    }

    /**
     * The validated config.
     *
     * @throws IllegalArgumentException naming the problem: an unknown parameter, a bad value, a
     *     model for a source that takes none, a missing or unrecognised model file
     */
    public ProposalConfig build() {
      if (frameStride < 1) {
        throw new IllegalArgumentException("frame stride must be >= 1, got " + frameStride);
      }
      Engine engine = source.engine();
      if (modelPath != null) {
        if (!source.takesModel()) {
          throw new IllegalArgumentException("--model applies to the " + String.join(" and ", RegionSources.all().stream()
              .filter(RegionSourceType::takesModel).map(RegionSourceType::name).toList()) + " sources, not " + source.name());
        }
        model = ModelFile.of(modelPath);
        engine = source.detectorEngine(model).orElseThrow();
      }
      SourceParams params = SourceParams.resolve(
          "source " + source.name() + " (" + engine.id() + ")", engine.defaults(), overrides);
      engine.validate(params);
      return new ProposalConfig(this, engine, params);
    }
  }
}
