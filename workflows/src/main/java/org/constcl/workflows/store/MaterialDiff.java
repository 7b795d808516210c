package org.constcl.workflows.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** What differs between two instances' key materials: code fingerprint, config keys, inputs. */
public final class MaterialDiff {
  /** How a code difference starts. */
  static final String CODE = "code fingerprint ";
  /** How a config difference starts. */
  static final String CONFIG = "config ";

  private MaterialDiff() {}

  /** Differences from {@code before} to {@code after}, readable, code first. */
  public static List<String> between(JsonNode before, JsonNode after) {
    List<String> out = new ArrayList<>();
    if (!before.path("code").asText().equals(after.path("code").asText())) {
      out.add(CODE + shorten(before.path("code").asText()) + " -> " + shorten(after.path("code").asText()));
    }
    out.addAll(configDiff(before.path("config"), after.path("config"), CONFIG));
    Map<String, String> a = flat(before.path("inputs"), "");
    Map<String, String> b = flat(after.path("inputs"), "");
    for (String k : new TreeSet<>(union(a, b))) {
      if (!String.valueOf(a.get(k)).equals(String.valueOf(b.get(k)))) {
        out.add("input " + k + " " + shorten(a.get(k)) + " -> " + shorten(b.get(k)));
      }
    }
    return out;
  }

  /** Differing leaves of two config trees as {@code prefix key: old -> new}. */
  public static List<String> configDiff(JsonNode before, JsonNode after, String prefix) {
    Map<String, String> a = flat(before, "");
    Map<String, String> b = flat(after, "");
    List<String> out = new ArrayList<>();
    for (String k : new TreeSet<>(union(a, b))) {
      String x = a.get(k);
      String y = b.get(k);
      if (x == null || !x.equals(y)) {
        out.add(prefix + k + ": " + (x == null ? "(unset)" : x) + " -> " + (y == null ? "(unset)" : y));
      }
    }
    return out;
  }

  /** Leaves as dotted key to JSON text. */
  public static Map<String, String> flat(JsonNode n, String prefix) {
    Map<String, String> out = new TreeMap<>();
    if (n.isObject()) {
      n.fields().forEachRemaining(e -> out.putAll(flat(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey())));
    } else if (!n.isMissingNode()) {
      out.put(prefix, n.isTextual() ? n.asText() : n.toString());
    }
    return out;
  }

  private static java.util.Set<String> union(Map<String, String> a, Map<String, String> b) {
    java.util.Set<String> s = new TreeSet<>(a.keySet());
    s.addAll(b.keySet());
    return s;
  }

  private static String shorten(String s) {
    if (s == null) {
      return "(none)";
    }
    String t = s.replaceFirst("^(artifact|content) ", "");
    return t.matches("[0-9a-f]{64}") ? (s.startsWith("content") ? "content " : s.startsWith("artifact") ? "artifact " : "")
        + t.substring(0, 12) : s;
  }
}
