package org.constcl.eval.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where a downstream model's backbone starts: a pre-trained checkpoint, or a random init of a
 * named spec (the baseline every benchmark reports beside it).
 *
 * @param checkpoint the pre-trained model, or null for a random init
 * @param spec the backbone spec name (the checkpoint's when there is one)
 */
public record BackboneSource(PretrainedCheckpoint checkpoint, String spec) {
  public static BackboneSource pretrained(PretrainedCheckpoint checkpoint) {
    return new BackboneSource(checkpoint, checkpoint.backbone());
  }

  public static BackboneSource random(String spec) {
    return new BackboneSource(null, spec);
  }

  /** Sets the backbone from the checkpoint (by logical name) through {@code load}; a random init needs nothing. */
  public void load(List<String> names, Consumer<Map<String, float[]>> load) throws EvalException {
    if (checkpoint != null) {
      try {
        load.accept(checkpoint.read(names));
      } catch (IllegalArgumentException e) {
        throw EvalException.usage(checkpoint.origin() + ": " + e.getMessage());
      }
    }
  }

  /** The init as metrics and settings files record it. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("init", checkpoint == null ? "random" : "pretrained");
    m.put("backbone", spec);
    if (checkpoint != null) {
      m.put("checkpoint", checkpoint.origin());
      m.put("checkpoint_sha256", checkpoint.digest());
    }
    return m;
  }
}
