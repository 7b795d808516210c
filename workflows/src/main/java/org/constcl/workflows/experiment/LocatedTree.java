package org.constcl.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML document as a JSON tree plus the location of every value (and of every mapping key) by
 * dotted path, so that errors found after merging files and overrides still point at a line and
 * column. Paths: {@code a.b} for mapping keys, {@code a.b[2]} for list items.
 */
public final class LocatedTree {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final ObjectNode root;
  private final Map<String, Location> locations;

  LocatedTree(ObjectNode root, Map<String, Location> locations) {
    this.root = root;
    this.locations = locations;
  }

  public ObjectNode root() {
    return root;
  }

  /** Where the value at {@code path} was written, or its closest written ancestor. */
  public Location locate(String path) {
    String p = path;
    while (true) {
      Location l = locations.get(p);
      if (l != null) {
        return l;
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      if (cut <= 0) {
        return locations.getOrDefault("", new Location("<experiment>", 0, 0));
      }
      p = p.substring(0, cut);
    }
  }

  /** Parses one YAML file; its top level must be a mapping. */
  public static LocatedTree parse(Path file) throws ExperimentException {
    String name = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ExperimentException(new Location(name, 0, 0), "cannot read the file: " + e.getMessage());
    }
    return parse(text, name);
  }

  /** Parses YAML text read from {@code name}. */
  public static LocatedTree parse(String text, String name) throws ExperimentException {
    Node node;
    try (Reader r = new java.io.StringReader(text)) {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(true); // reported below with both places
      node = new Yaml(options).compose(r);
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark();
      throw new ExperimentException(new Location(name, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1),
          "not valid YAML: " + e.getProblem());
    } catch (IOException | RuntimeException e) {
      throw new ExperimentException(new Location(name, 0, 0), "not valid YAML: " + e.getMessage());
    }
    Map<String, Location> locations = new HashMap<>();
    locations.put("", new Location(name, 1, 1));
    if (node == null) {
      return new LocatedTree(F.objectNode(), locations);
    }
    if (!(node instanceof MappingNode)) {
      throw new ExperimentException(at(name, node), "the top level must be a mapping of keys (name, datasets, ...)");
    }
    java.util.List<ExperimentError> errors = new java.util.ArrayList<>();
    JsonNode tree = convert(node, "", name, locations, errors);
    if (!errors.isEmpty()) {
      throw new ExperimentException(errors);
    }
    return new LocatedTree((ObjectNode) tree, locations);
  }

  private static JsonNode convert(Node node, String path, String name, Map<String, Location> loc, List<ExperimentError> errors) {
    if (!path.isEmpty()) {
      loc.put(path, at(name, node));
    }
    if (node instanceof MappingNode m) {
      ObjectNode o = F.objectNode();
      for (NodeTuple t : m.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k)) {
          errors.add(new ExperimentError(at(name, t.getKeyNode()), "keys must be plain names"));
          continue;
        }
        String key = k.getValue();
        String child = path.isEmpty() ? key : path + "." + key;
        if (o.has(key)) {
          errors.add(new ExperimentError(at(name, k), "duplicated key '" + key + "' (first at " + loc.get(child + "#key") + ")"));
          continue;
        }
        loc.put(child + "#key", at(name, k));
        o.set(key, convert(t.getValueNode(), child, name, loc, errors));
      }
      return o;
    }
    if (node instanceof SequenceNode s) {
      ArrayNode a = F.arrayNode();
      int i = 0;
      for (Node item : s.getValue()) {
        a.add(convert(item, path + "[" + i++ + "]", name, loc, errors));
      }
      return a;
    }
    return scalar((ScalarNode) node);
  }

  static JsonNode scalar(ScalarNode s) {
    Tag tag = s.getTag();
    String v = s.getValue();
    try {
      if (Tag.NULL.equals(tag)) {
        return F.nullNode();
      }
      if (Tag.BOOL.equals(tag)) {
        return F.booleanNode(v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on"));
      }
      if (Tag.INT.equals(tag)) {
        BigInteger b = new BigInteger(v.replace("_", ""));
        return b.bitLength() < 63 ? F.numberNode(b.longValue()) : F.numberNode(b);
      }
      if (Tag.FLOAT.equals(tag)) {
        return F.numberNode(Double.parseDouble(v.replace("_", "")));
      }
    } catch (NumberFormatException e) {
      // YAML 1.1 forms Java does not parse (0x.., 1:20) stay strings; the schema then says what it expected.
    }
    return F.textNode(v);
  }

  /** A value written on the command line ({@code --set key=value}), parsed as a YAML value. */
  public static JsonNode parseValue(String text) {
    try {
      Node n = new Yaml().compose(new java.io.StringReader(text));
      if (n == null) {
        return F.nullNode();
      }
      return convert(n, "", "--set", new HashMap<>(), new java.util.ArrayList<>());
    } catch (RuntimeException e) {
      return F.textNode(text);
    }
  }

  private static Location at(String name, Node node) {
    Mark m = node.getStartMark();
    return new Location(name, m.getLine() + 1, m.getColumn() + 1);
  }

  /** {@code base} overlaid with this tree: mappings merge key by key, anything else replaces. */
  public LocatedTree over(LocatedTree base) {
    ObjectNode merged = base.root.deepCopy();
    Map<String, Location> loc = new HashMap<>(base.locations);
    merge(merged, root, "", loc);
    return new LocatedTree(merged, loc);
  }

  private void merge(ObjectNode into, ObjectNode from, String path, Map<String, Location> loc) {
    Iterator<Map.Entry<String, JsonNode>> it = from.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      JsonNode old = into.get(e.getKey());
      if (old instanceof ObjectNode o && e.getValue() instanceof ObjectNode n) {
        merge(o, n, child, loc);
      } else {
        loc.keySet().removeIf(k -> k.startsWith(child + ".") || k.startsWith(child + "["));
        into.set(e.getKey(), e.getValue().deepCopy());
      }
      copyLocations(child, loc);
    }
  }

  private void copyLocations(String child, Map<String, Location> loc) {
    for (Map.Entry<String, Location> l : locations.entrySet()) {
      String k = l.getKey();
      if (k.equals(child) || k.equals(child + "#key") || k.startsWith(child + ".") || k.startsWith(child + "[")) {
        loc.put(k, l.getValue());
      }
    }
  }

  /** Sets {@code path} (dotted) to {@code value}, creating mappings on the way. */
  public void set(String path, JsonNode value, Location at) {
    String[] parts = path.split("\\.");
    ObjectNode o = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode next = o.get(parts[i]);
      if (!(next instanceof ObjectNode)) {
        next = o.putObject(parts[i]);
      }
      o = (ObjectNode) next;
    }
    o.set(parts[parts.length - 1], value);
    String p = path;
    locations.keySet().removeIf(k -> k.startsWith(p + ".") || k.startsWith(p + "["));
    locations.put(path, at);
    locations.put(path + "#key", at);
  }

  /** Removes the top-level key {@code key}. */
  public void remove(String key) {
    root.remove(key);
  }

  /** A copy that can be changed without touching this one. */
  public LocatedTree copy() {
    return new LocatedTree(root.deepCopy(), new HashMap<>(locations));
  }
}
