package org.constcl.eval.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What every protocol shares: its description and settings held once, and the planned settings'
 * common part (the given ones, and seed 1 unless given).
 */
public abstract class ProtocolBase implements BenchmarkProtocol {
  private final ProtocolInfo info;
  private final List<SettingSpec> settings;

  protected ProtocolBase(ProtocolInfo info, List<SettingSpec> settings) {
    this.info = info;
    this.settings = List.copyOf(settings);
  }

  @Override
  public final ProtocolInfo info() {
    return info;
  }

  @Override
  public final List<SettingSpec> settings() {
    return settings;
  }

  /** A copy of {@code given} (empty for none) with the seed defaulting to 1. */
  protected static ObjectNode givenWithSeed(JsonNode given) {
    ObjectNode s = SettingsReader.copy(given);
    if (!s.has("seed")) {
      s.put("seed", 1);
    }
    return s;
  }

  /**
   * Fills {@code frames}, {@code frame_stride} and each of {@code sizeKeys} from the pre-training's
   * clip geometry where not given, for small backbones (r3d50 keeps the paper's defaults).
   */
  protected static void followPretraining(ObjectNode s, PretrainingGeometry pretraining, String... sizeKeys) {
    if (pretraining == null || pretraining.reference()) {
      return;
    }
    if (!s.has("frames")) {
      s.put("frames", pretraining.frames());
    }
    if (!s.has("frame_stride")) {
      s.put("frame_stride", pretraining.frameStride());
    }
    for (String k : sizeKeys) {
      if (!s.has(k)) {
        s.put(k, pretraining.size());
      }
    }
  }

  /** Reads a request's settings against this protocol's. */
  protected SettingsReader read(BenchmarkRequest request) throws org.constcl.eval.run.EvalException {
    return new SettingsReader(request.settings(), info.id(), settings);
  }
}
