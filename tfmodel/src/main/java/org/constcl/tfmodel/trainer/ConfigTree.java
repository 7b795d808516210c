package org.constcl.tfmodel.trainer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A training config as a tree: the built-in defaults ({@code defaults.yaml}, every key there is)
 * overlaid with a preset or a file and with {@code key.path=value} settings. Overlays may only
 * name keys the defaults have, with values of the same kind; anything else is an error naming
 * the key, where it came from, and what is allowed.
 */
public final class ConfigTree {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();
  private static final java.util.Map<String, JsonNode> RESOURCES = new java.util.concurrent.ConcurrentHashMap<>();

  private final ObjectNode root;

  private ConfigTree(ObjectNode root) {
    this.root = root;
  }

  /** The defaults. */
  public static ConfigTree defaults() {
    return new ConfigTree((ObjectNode) resource("defaults.yaml"));
  }

  /** The names of the built-in presets. */
  public static List<String> presets() {
    return List.of("cpu-small", "cpu-proof", "paper");
  }

  /** The defaults overlaid with preset {@code name}. */
  public static ConfigTree preset(String name) {
    if (!presets().contains(name)) {
      throw new IllegalArgumentException("unknown preset '" + name + "'; presets: " + String.join(", ", presets()));
    }
    ConfigTree t = defaults();
    t.overlay(resource("presets/" + name + ".yaml"), "preset " + name);
    return t;
  }

  /** The defaults overlaid with the YAML text of a config file. */
  public static ConfigTree parse(String yaml, String origin) {
    JsonNode node;
    try {
      node = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(origin + " is not valid YAML: " + firstLine(e.getOriginalMessage())
          + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
    }
    ConfigTree t = defaults();
    if (node != null && !node.isNull() && !node.isMissingNode()) {
      if (!node.isObject()) {
        throw new IllegalArgumentException(origin + " must be a mapping of sections (model, data, loss, optimizer, train, validation)");
      }
      t.overlay(node, origin);
    }
    return t;
  }

  /** A tree from its JSON form (as saved with a checkpoint). */
  public static ConfigTree fromJson(String json) {
    try {
      return new ConfigTree((ObjectNode) JSON.readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sets {@code dotted.key} to {@code value}, parsed as a YAML value ({@code 8}, {@code 0.5},
   * {@code true}, {@code [1.0, 0.1]}, {@code small}).
   */
  public void set(String dottedKey, String value) {
    JsonNode parsed;
    try {
      parsed = YAML.readTree(value.isEmpty() ? "\"\"" : value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("--set " + dottedKey + "=" + value + ": not a valid value");
    }
    String[] parts = dottedKey.split("\\.");
    ObjectNode patch = JSON.createObjectNode();
    ObjectNode at = patch;
    for (int i = 0; i < parts.length - 1; i++) {
      at = at.putObject(parts[i]);
    }
    at.set(parts[parts.length - 1], parsed);
    overlay(patch, "--set " + dottedKey);
  }

  private void overlay(JsonNode patch, String origin) {
    merge(root, patch, "", origin);
  }

  private static void merge(ObjectNode base, JsonNode patch, String path, String origin) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      JsonNode current = base.get(e.getKey());
      if (current == null) {
        List<String> known = new ArrayList<>();
        base.fieldNames().forEachRemaining(known::add);
        throw new IllegalArgumentException(origin + ": unknown key " + key + "; "
            + (path.isEmpty() ? "sections are " : path + " has ") + String.join(", ", known));
      }
      JsonNode value = e.getValue();
      if (key.equals("distribute.workers") && value.isIntegralNumber()) {
        value = new com.fasterxml.jackson.databind.node.TextNode(value.asText()); // a count of workers, kept as the key's text
      }
      if (current.isObject()) {
        if (!value.isObject()) {
          throw new IllegalArgumentException(origin + ": " + key + " is a section, not a value");
        }
        merge((ObjectNode) current, value, key, origin);
        continue;
      }
      if (!sameKind(current, value)) {
        throw new IllegalArgumentException(origin + ": " + key + " must be " + kind(current) + ", got " + describe(value));
      }
      base.set(e.getKey(), value);
    }
  }

  private static boolean sameKind(JsonNode expected, JsonNode value) {
    if (expected.isArray()) {
      if (!value.isArray() || value.size() != expected.size()) {
        return false;
      }
      for (JsonNode v : value) {
        if (!v.isNumber()) {
          return false;
        }
      }
      return true;
    }
    if (expected.isIntegralNumber()) {
      return value.isIntegralNumber();
    }
    if (expected.isNumber()) {
      return value.isNumber();
    }
    if (expected.isBoolean()) {
      return value.isBoolean();
    }
    return value.isTextual();
  }

  private static String kind(JsonNode expected) {
    if (expected.isArray()) {
      return "a list of " + expected.size() + " numbers";
    }
    if (expected.isIntegralNumber()) {
      return "an integer";
    }
    if (expected.isNumber()) {
      return "a number";
    }
    return expected.isBoolean() ? "true or false" : "a string";
  }

  private static String describe(JsonNode v) {
    return v.isTextual() ? "'" + v.asText() + "'" : v.toString();
  }

  /** The value at {@code dotted.key}. */
  JsonNode get(String dottedKey) {
    JsonNode n = root;
    for (String p : dottedKey.split("\\.")) {
      n = n.get(p);
      if (n == null) {
        throw new IllegalStateException("no config key " + dottedKey);
      }
    }
    return n;
  }

  /** Every leaf as {@code dotted.key -> value}, sorted. */
  public Map<String, String> flatten() {
    Map<String, String> out = new TreeMap<>();
    flatten(root, "", out);
    return out;
  }

  private static void flatten(JsonNode n, String path, Map<String, String> out) {
    if (n.isObject()) {
      n.fields().forEachRemaining(e -> flatten(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out));
    } else {
      out.put(path, n.isTextual() ? n.asText() : n.toString());
    }
  }

  /** Keys whose values differ from {@code other}'s, each as {@code key: mine -> theirs}. */
  public List<String> differences(ConfigTree other) {
    Map<String, String> a = flatten();
    Map<String, String> b = other.flatten();
    List<String> out = new ArrayList<>();
    for (String k : new java.util.TreeSet<>(a.keySet())) {
      String theirs = b.get(k);
      if (!a.get(k).equals(theirs)) {
        out.add(k + ": " + theirs + " -> " + a.get(k));
      }
    }
    return out;
  }

  /** The section that lays a step out over devices: not part of the recipe. */
  public static final String LAYOUT_SECTION = "distribute";

  /**
   * The recipe: this tree without the {@value #LAYOUT_SECTION} section. Two layouts of one recipe
   * train the same model (to float tolerance), resume each other's checkpoints and share a digest;
   * the JSON is what it was before the section existed.
   */
  public ConfigTree recipe() {
    ObjectNode copy = root.deepCopy();
    copy.remove(LAYOUT_SECTION);
    return new ConfigTree(copy);
  }

  /**
   * This tree as stage keys and run folders record it: without the {@value #LAYOUT_SECTION}
   * section when it holds the defaults (one device), so those keys and files are what they were
   * before the section existed; with it otherwise, as a replicated run's numbers differ in float
   * rounding.
   */
  public ConfigTree withoutDefaultLayout() {
    JsonNode layout = root.get(LAYOUT_SECTION);
    return layout != null && layout.equals(defaults().root.get(LAYOUT_SECTION)) ? recipe() : this;
  }

  /** Canonical JSON (keys in defaults order). */
  public String toJson() {
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Readable YAML. */
  public String toYaml() {
    try {
      return YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A built-in YAML resource, parsed once per process (a sweep asks for the same preset per cell); a copy, as overlays mutate. */
  private static JsonNode resource(String name) {
    return RESOURCES.computeIfAbsent(name, ConfigTree::parseResource).deepCopy();
  }

  private static JsonNode parseResource(String name) {
    try (InputStream in = ConfigTree.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("config resource missing: " + name);
      }
      return YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
