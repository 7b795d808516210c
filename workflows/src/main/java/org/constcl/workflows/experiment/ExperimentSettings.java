package org.constcl.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import org.constcl.tfmodel.trainer.ConfigTree;
import org.constcl.tfmodel.trainer.TrainConfig;

/** Settings of other components resolved from an experiment's values. */
public final class ExperimentSettings {
  private ExperimentSettings() {}

  /** The trainer's config for a cell's {@code pretrain:} (preset, then config keys, steps, seed, region source). */
  public static TrainConfig trainConfig(JsonNode pretrain) {
    JsonNode t = pretrain.path("train");
    ConfigTree tree = ConfigTree.preset(t.path("preset").asText("cpu-small"));
    flatten(t.path("config"), "", tree);
    if (t.has("steps")) tree.set("train.steps", t.get("steps").asText());
    if (t.has("seed")) tree.set("train.seed", t.get("seed").asText());
    tree.set("data.region_source", pretrain.path("regions").asText("random").equals(ExperimentSchema.ONLINE_REGIONS) ? "random" : "boxes");
    return TrainConfig.of(tree);
  }

  private static void flatten(JsonNode v, String prefix, ConfigTree tree) {
    if (v.isObject()) {
      v.fields().forEachRemaining(e -> flatten(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), tree));
    } else if (!v.isMissingNode()) {
      tree.set(prefix, v.isArray() ? v.toString() : v.asText());
    }
  }
}
