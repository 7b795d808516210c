package org.constcl.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expands {@code grid:} into cells: the cartesian product of the axes and the zipped groups (each
 * group one factor), times the seeds, minus the exclusions. Checks every rule on the way.
 */
final class GridExpander {
  private static final Set<String> NOT_AXES = Set.of("name", "description", "extends", "grid", "report", "runner");

  private final ExperimentSchema schema;

  GridExpander(ExperimentSchema schema) {
    this.schema = schema;
  }

  List<Cell> expand(LocatedTree tree, List<ExperimentError> errors) {
    JsonNode grid = tree.root().path("grid");
    // Each factor: a list of assignments (key -> value) the cells choose one of.
    List<List<Map<String, JsonNode>>> factors = new ArrayList<>();
    Map<String, String> seenAxis = new LinkedHashMap<>();
    grid.path("axes").fields().forEachRemaining(e -> {
      String where = "grid.axes." + e.getKey();
      if (!axisKey(tree, e.getKey(), where, seenAxis, errors)) {
        return;
      }
      checkValues(tree, e.getKey(), e.getValue(), where, errors);
      List<Map<String, JsonNode>> f = new ArrayList<>();
      for (JsonNode v : e.getValue()) {
        Map<String, JsonNode> a = new LinkedHashMap<>();
        a.put(e.getKey(), v);
        f.add(a);
      }
      factors.add(f);
    });
    JsonNode zip = grid.path("zip");
    for (int g = 0; g < zip.size(); g++) {
      String group = "grid.zip[" + g + "]";
      int length = -1;
      List<String> keys = new ArrayList<>();
      boolean ok = true;
      for (var it = zip.get(g).fields(); it.hasNext(); ) {
        var e = it.next();
        String where = group + "." + e.getKey();
        ok &= axisKey(tree, e.getKey(), where, seenAxis, errors);
        checkValues(tree, e.getKey(), e.getValue(), where, errors);
        if (length >= 0 && e.getValue().size() != length) {
          errors.add(new ExperimentError(tree.locate(where), "zipped axes must have equal lengths: " + e.getKey() + " has "
              + e.getValue().size() + " values, " + keys.get(0) + " has " + length));
          ok = false;
        }
        length = e.getValue().size();
        keys.add(e.getKey());
      }
      if (keys.isEmpty()) {
        errors.add(new ExperimentError(tree.locate(group), "an empty zip group"));
        continue;
      }
      if (!ok) {
        continue;
      }
      List<Map<String, JsonNode>> f = new ArrayList<>();
      for (int i = 0; i < length; i++) {
        Map<String, JsonNode> a = new LinkedHashMap<>();
        for (String k : keys) {
          a.put(k, zip.get(g).get(k).get(i));
        }
        f.add(a);
      }
      factors.add(f);
    }
    List<Long> seeds = new ArrayList<>();
    JsonNode seedList = grid.path("seeds");
    Set<Long> seenSeeds = new HashSet<>();
    for (int i = 0; i < seedList.size(); i++) {
      long s = seedList.get(i).asLong();
      if (!seenSeeds.add(s)) {
        errors.add(new ExperimentError(tree.locate("grid.seeds[" + i + "]"), "seed " + s + " is listed twice"));
      }
      seeds.add(s);
    }
    if (!seeds.isEmpty() && seenAxis.containsKey("pretrain.train.seed")) {
      errors.add(new ExperimentError(tree.locate("grid.seeds"), "grid.seeds and an axis on pretrain.train.seed both set the seed"));
    }
    if (!errors.isEmpty()) {
      return List.of();
    }
    List<Map<String, JsonNode>> combos = new ArrayList<>();
    combos.add(new LinkedHashMap<>());
    for (List<Map<String, JsonNode>> f : factors) {
      List<Map<String, JsonNode>> next = new ArrayList<>();
      for (Map<String, JsonNode> c : combos) {
        for (Map<String, JsonNode> a : f) {
          Map<String, JsonNode> n = new LinkedHashMap<>(c);
          n.putAll(a);
          next.add(n);
        }
      }
      combos = next;
    }
    JsonNode exclude = grid.path("exclude");
    boolean[] used = new boolean[exclude.size()];
    for (int i = 0; i < exclude.size(); i++) {
      for (var it = exclude.get(i).fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!seenAxis.containsKey(k)) {
          errors.add(new ExperimentError(tree.locate("grid.exclude[" + i + "]." + k + "#key"), "exclusion names '" + k
              + "', which is not an axis (axes: " + String.join(", ", seenAxis.keySet()) + ")"));
        }
      }
    }
    List<Map<String, JsonNode>> kept = new ArrayList<>();
    for (Map<String, JsonNode> c : combos) {
      boolean drop = false;
      for (int i = 0; i < exclude.size(); i++) {
        if (matches(exclude.get(i), c)) {
          used[i] = true;
          drop = true;
        }
      }
      if (!drop) {
        kept.add(c);
      }
    }
    for (int i = 0; i < used.length; i++) {
      if (!used[i] && errors.isEmpty()) {
        errors.add(new ExperimentError(tree.locate("grid.exclude[" + i + "]"), "this exclusion matches no cell"));
      }
    }
    if (kept.isEmpty() && errors.isEmpty()) {
      errors.add(new ExperimentError(tree.locate("grid"), "the grid has no cells left after the exclusions"));
    }
    if (!errors.isEmpty()) {
      return List.of();
    }
    Map<String, String> shortNames = shortNames(seenAxis.keySet());
    List<Cell> cells = new ArrayList<>();
    for (Map<String, JsonNode> c : kept) {
      for (Long seed : seeds.isEmpty() ? java.util.Collections.<Long>singletonList(null) : seeds) {
        cells.add(cell(tree, c, seed, shortNames));
      }
    }
    return cells;
  }

  private static Cell cell(LocatedTree tree, Map<String, JsonNode> axes, Long seed, Map<String, String> shortNames) {
    LocatedTree t = tree.copy();
    for (Map.Entry<String, JsonNode> a : axes.entrySet()) {
      t.set(a.getKey(), a.getValue().deepCopy(), tree.locate("grid"));
    }
    ObjectNode config = t.root();
    if (seed != null) {
      ((ObjectNode) config.with("pretrain").with("train")).put("seed", seed);
      config.path("benchmarks").fields().forEachRemaining(b -> ((ObjectNode) b.getValue()).with("settings").put("seed", seed));
    }
    for (String k : NOT_AXES) {
      config.remove(k);
    }
    List<String> parts = new ArrayList<>();
    axes.forEach((k, v) -> parts.add(shortNames.get(k) + "=" + v.asText()));
    String group = parts.isEmpty() ? "default" : String.join(",", parts);
    String id = seed == null ? group : (parts.isEmpty() ? "" : group + ",") + "seed=" + seed;
    return new Cell(id, group, axes, seed, config);
  }

  private static Map<String, String> shortNames(Set<String> keys) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String k : keys) {
      String last = k.substring(k.lastIndexOf('.') + 1);
      long same = keys.stream().filter(o -> o.substring(o.lastIndexOf('.') + 1).equals(last)).count();
      out.put(k, same == 1 ? last : k);
    }
    return out;
  }

  private static boolean matches(JsonNode exclusion, Map<String, JsonNode> cell) {
    for (var it = exclusion.fields(); it.hasNext(); ) {
      var e = it.next();
      JsonNode v = cell.get(e.getKey());
      if (v == null || !v.asText().equals(e.getValue().asText())) {
        return false;
      }
    }
    return true;
  }

  private boolean axisKey(LocatedTree tree, String key, String where, Map<String, String> seen,
      List<ExperimentError> errors) {
    Location at = tree.locate(where + "#key");
    String top = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
    if (NOT_AXES.contains(top) || schema.at(key) == null) {
      errors.add(new ExperimentError(at, "axis '" + key + "' is not a key of the experiment format (e.g. pretrain.regions,"
          + " pretrain.train.steps, pretrain.train.config.model.size, benchmarks.<name>.settings.epochs)"));
      return false;
    }
    if (key.startsWith("benchmarks.")) {
      String name = key.split("\\.")[1];
      if (!tree.root().path("benchmarks").has(name)) {
        errors.add(new ExperimentError(at, "axis '" + key + "' names benchmark '" + name + "', which is not defined"));
        return false;
      }
    }
    String before = seen.putIfAbsent(key, where);
    if (before != null) {
      errors.add(new ExperimentError(at, "axis '" + key + "' is duplicated (also at " + before + ", "
          + tree.locate(before + "#key") + ")"));
      return false;
    }
    return true;
  }

  private void checkValues(LocatedTree tree, String key, JsonNode values, String where, List<ExperimentError> errors) {
    if (!values.isArray() || values.isEmpty()) {
      errors.add(new ExperimentError(tree.locate(where), "axis '" + key + "' is empty"));
      return;
    }
    Set<String> seen = new HashSet<>();
    SchemaType type = schema.at(key);
    for (int i = 0; i < values.size(); i++) {
      String at = where + "[" + i + "]";
      if (!seen.add(values.get(i).toString())) {
        errors.add(new ExperimentError(tree.locate(at), "axis '" + key + "' lists " + values.get(i) + " twice"));
      }
      if (type != null) {
        LocatedTree one = new LocatedTree(JsonNodeFactory.instance.objectNode(), Map.of(key, tree.locate(at)));
        type.validate(values.get(i), key, one, errors);
      }
    }
  }
}
