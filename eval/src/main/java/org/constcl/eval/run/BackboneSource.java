package org.constcl.eval.run;

import java.util.LinkedHashMap;
import java.util.Map;
import org.constcl.eval.model.DownstreamGraph;

/**
 * Where a downstream model's backbone starts: a pre-trained checkpoint, or a random init of a
 * named spec (the baseline every benchmark reports beside it).
 *
 * @param checkpoint the pre-trained model, or null for a random init
 * @param spec the backbone spec name (the checkpoint's when there is one)
 */
public record BackboneSource(PretrainedCheckpoint checkpoint, String spec) {
  public BackboneSource {
    if (checkpoint != null && !checkpoint.backbone().equals(spec)) {
      throw new IllegalArgumentException("checkpoint " + checkpoint.origin() + " holds a " + checkpoint.backbone()
          + " backbone, not " + spec);
    }
  }

  public static BackboneSource pretrained(PretrainedCheckpoint checkpoint) {
    return new BackboneSource(checkpoint, checkpoint.backbone());
  }

  public static BackboneSource random(String spec) {
    return new BackboneSource(null, spec);
  }

  /** Sets {@code model}'s backbone from the checkpoint (by logical name); a random init needs nothing. */
  public void load(DownstreamGraph model) throws EvalException {
    if (checkpoint != null) {
      try {
        model.loadBackbone(checkpoint.variablesPrefix());
      } catch (IllegalArgumentException e) {
        throw EvalException.usage("checkpoint " + checkpoint.origin() + " cannot be read as a " + spec + " backbone: "
            + e.getMessage());
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
