package org.constcl.workflows.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.constcl.workflows.stage.Stage;

/**
 * One stage to run (or find cached): kind, resolved config, named inputs, and its cache key
 * SHA-256(kind, code fingerprint, canonical config, inputs). Cells that need the same instance
 * share it.
 */
public final class StageInstance {
  private final Stage stage;
  private final String label;
  private final ObjectNode config;
  private final Map<String, StageInput> inputs;
  private final String fingerprint;
  private final String key;
  private final List<String> cells = new ArrayList<>();

  public StageInstance(Stage stage, String label, ObjectNode config, Map<String, StageInput> inputs, String fingerprint) {
    this.stage = stage;
    this.label = label;
    this.config = (ObjectNode) CanonicalJson.sorted(config);
    this.inputs = new LinkedHashMap<>(inputs);
    this.fingerprint = fingerprint;
    this.key = CanonicalJson.sha256(CanonicalJson.text(keyMaterial()));
  }

  /** Everything the key is computed from, as recorded in _ARTIFACT.json and manifests. */
  public ObjectNode keyMaterial() {
    ObjectNode o = CanonicalJson.JSON.createObjectNode();
    o.put("kind", stage.kind());
    o.put("code", fingerprint);
    o.set("config", config);
    ObjectNode in = o.putObject("inputs");
    new java.util.TreeMap<>(inputs).forEach((k, v) -> in.put(k, v.keyPart()));
    return o;
  }

  /** The kind of stage this is an instance of. */
  public Stage stage() {
    return stage;
  }

  /** The stage's kind name. */
  public String kind() {
    return stage.kind();
  }

  /** Readable name, e.g. {@code train slic seed=1}. */
  public String label() {
    return label;
  }

  public ObjectNode config() {
    return config;
  }

  public Map<String, StageInput> inputs() {
    return inputs;
  }

  public String fingerprint() {
    return fingerprint;
  }

  public String key() {
    return key;
  }

  /** Short key for display. */
  public String shortKey() {
    return key.substring(0, 12);
  }

  /** Ids of the cells that use this instance. */
  public List<String> cells() {
    return cells;
  }

  /** The upstream instances, in input order. */
  public List<StageInstance> upstream() {
    List<StageInstance> out = new ArrayList<>();
    for (StageInput i : inputs.values()) {
      if (i instanceof StageInput.Upstream u) {
        out.add(u.instance());
      }
    }
    return out;
  }
}
