package org.constcl.workflows.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.plan.StageInstance;

/**
 * Estimates how long an instance will take from past builds in the same store: the last build
 * of the same kind and config up to seeds, else the median build of its kind, else unknown.
 */
public final class TimeEstimator {
  private final Path file;
  private final Map<String, Double> byShape = new HashMap<>();
  private final Map<String, List<Double>> byKind = new HashMap<>();

  public TimeEstimator(Path file) {
    this.file = file;
    if (Files.isRegularFile(file)) {
      try {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          try {
            JsonNode n = CanonicalJson.JSON.readTree(line);
            byShape.put(n.get("shape").asText(), n.get("seconds").asDouble());
            byKind.computeIfAbsent(n.get("kind").asText(), k -> new ArrayList<>()).add(n.get("seconds").asDouble());
          } catch (IOException | RuntimeException e) {
            // a torn last line from a killed run: skip it
          }
        }
      } catch (IOException e) {
        // no history: no estimates
      }
    }
  }

  /** Seconds, or null when nothing of this kind was built in this store. */
  public Double estimate(StageInstance i) {
    Double same = byShape.get(shape(i));
    if (same != null) {
      return same;
    }
    List<Double> k = byKind.get(i.kind());
    if (k == null || k.isEmpty()) {
      return null;
    }
    List<Double> s = new ArrayList<>(k);
    s.sort(null);
    return s.get(s.size() / 2);
  }

  /** Records a build. */
  public synchronized void record(StageInstance i, double seconds) {
    ObjectNode o = CanonicalJson.JSON.createObjectNode();
    o.put("kind", i.kind()).put("shape", shape(i)).put("seconds", Math.round(seconds * 10) / 10.0);
    try {
      Files.writeString(file, o + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      // estimates are a convenience
    }
    byShape.put(shape(i), seconds);
    byKind.computeIfAbsent(i.kind(), k -> new ArrayList<>()).add(seconds);
  }

  private static String shape(StageInstance i) {
    return CanonicalJson.sha256(i.kind() + " " + CanonicalJson.text(withoutSeeds(i.config().deepCopy())));
  }

  private static JsonNode withoutSeeds(JsonNode n) {
    if (n instanceof ObjectNode o) {
      o.remove("seed");
      o.fields().forEachRemaining(e -> withoutSeeds(e.getValue()));
    }
    return n;
  }
}
