package org.constcl.workflows.stage;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.constcl.workflows.plan.StageInput;
import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.store.Artifact;

/** Helpers the stages share to write their command lines: options from config keys, input paths. */
final class StageArguments {
  private StageArguments() {}

  /** {@code --key-with-dashes value} for every key of {@code settings}, in its order. */
  static List<String> options(JsonNode settings) {
    List<String> a = new ArrayList<>();
    settings.fields().forEachRemaining(e -> a.addAll(List.of(flag(e.getKey()), e.getValue().asText())));
    return a;
  }

  /** The command-line flag of a config key: {@code short_side} → {@code --short-side}. */
  static String flag(String key) {
    return "--" + key.replace('_', '-');
  }

  /** Input {@code name}: the upstream artifact's folder, or the path outside the store. */
  static Path input(StageInstance i, Map<String, Artifact> inputs, String name) {
    Artifact a = inputs.get(name);
    if (a != null) {
      return a.dir();
    }
    StageInput in = i.inputs().get(name);
    if (in instanceof StageInput.External x) {
      return x.path();
    }
    throw new IllegalStateException(i.label() + " has no input " + name);
  }
}
