package org.constcl.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an experiment file: follows {@code extends} (child keys override, mappings merge), applies
 * {@code --set key=value} overrides, validates everything against {@link ExperimentSchema} and
 * the grid rules, and expands the grid. Every problem is reported with file, line and column
 * before anything runs.
 */
public final class ExperimentLoader {
  private final ExperimentSchema schema;
  private final ExperimentChecks checks;

  public ExperimentLoader(ExperimentSchema schema) {
    this.schema = schema;
    this.checks = new ExperimentChecks(schema.parts());
  }

  /** Loads {@code file} with {@code overrides} ({@code a.b=c}). */
  public Experiment load(Path file, List<String> overrides) throws ExperimentException {
    Map<Path, LocatedTree> chain = new LinkedHashMap<>();
    LocatedTree tree = withParents(file.toAbsolutePath().normalize(), chain, new ArrayList<>(), null);
    tree.remove("extends");
    List<ExperimentError> errors = new ArrayList<>();
    for (String o : overrides) {
      applyOverride(tree, o, errors);
    }
    if (!errors.isEmpty()) {
      throw new ExperimentException(errors);
    }
    schema.root().validate(tree.root(), "", tree, errors);
    if (!errors.isEmpty()) {
      throw new ExperimentException(errors);
    }
    List<Cell> cells = new GridExpander(schema).expand(tree, errors);
    for (Cell c : cells) {
      checks.check(c.config(), tree, errors);
      if (errors.size() > 50) {
        break;
      }
    }
    if (!errors.isEmpty()) {
      throw new ExperimentException(dedupe(errors));
    }
    return new Experiment(file.toAbsolutePath().normalize(), List.copyOf(chain.keySet()), List.copyOf(overrides), tree, cells);
  }

  /**
   * Reads {@code file} and its parents; {@code extendedAt} is where a child's {@code extends:} named
   * it (null for the file given), so that a target that is not an experiment is reported there.
   */
  private LocatedTree withParents(Path file, Map<Path, LocatedTree> chain, List<Path> stack, Location extendedAt)
      throws ExperimentException {
    if (!Files.isRegularFile(file)) {
      throw new ExperimentException(new Location(file.toString(), 0, 0), "experiment file not found");
    }
    LocatedTree tree;
    if (extendedAt == null) {
      tree = LocatedTree.parse(file);
    } else {
      try {
        tree = LocatedTree.parse(file);
      } catch (ExperimentException e) {
        throw new ExperimentException(extendedAt, "extends: " + file + " is not an experiment file: "
            + e.errors().get(0));
      }
      checkKeys(extendedAt, file, tree);
    }
    chain.put(file, tree);
    JsonNode ext = tree.root().get("extends");
    if (ext == null || ext.isNull()) {
      return tree;
    }
    Location at = tree.locate("extends");
    if (!ext.isTextual()) {
      throw new ExperimentException(at, "extends: expected the path of one experiment file");
    }
    Path parent = file.resolveSibling(ext.asText()).toAbsolutePath().normalize();
    List<Path> next = new ArrayList<>(stack);
    next.add(file);
    if (next.contains(parent)) {
      StringBuilder cycle = new StringBuilder();
      for (Path p : next.subList(next.indexOf(parent), next.size())) {
        cycle.append(p.getFileName()).append(" -> ");
      }
      throw new ExperimentException(at, "extends makes a cycle: " + cycle + parent.getFileName());
    }
    LocatedTree base = withParents(checkTarget(at, ext.asText(), parent), chain, next, at);
    base.remove("extends");
    return tree.over(base);
  }

  /**
   * Refuses an {@code extends:} target before reading it: it must exist, be a regular file and be
   * named like YAML ({@code .yaml} or {@code .yml}), so that a path such as {@code ../../../etc/passwd}
   * is never parsed.
   */
  private static Path checkTarget(Location at, String written, Path target) throws ExperimentException {
    String name = target.getFileName() == null ? "" : target.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (!Files.exists(target)) {
      throw new ExperimentException(at, "extends: " + written + " (" + target + ") not found");
    }
    if (!Files.isRegularFile(target)) {
      throw new ExperimentException(at, "extends: " + written + " (" + target + ") is not a file");
    }
    if (!name.endsWith(".yaml") && !name.endsWith(".yml")) {
      throw new ExperimentException(at, "extends: " + written + " (" + target + ") is not an experiment file:"
          + " experiment files are YAML (.yaml or .yml)");
    }
    return target;
  }

  /** A YAML file whose top-level keys are not experiment keys (a Kubernetes manifest, say) is not a parent. */
  private void checkKeys(Location at, Path file, LocatedTree tree) throws ExperimentException {
    for (var it = tree.root().fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!key.equals("extends") && schema.at(key) == null) {
        throw new ExperimentException(at, "extends: " + file + " is not an experiment file: its top-level key '"
            + key + "' (" + tree.locate(key) + ") is not an experiment key (see docs/experiments.md)");
      }
    }
  }

  private void applyOverride(LocatedTree tree, String override, List<ExperimentError> errors) {
    int eq = override.indexOf('=');
    Location at = Location.commandLine(override);
    if (eq <= 0) {
      errors.add(new ExperimentError(at, "expected key.path=value"));
      return;
    }
    String key = override.substring(0, eq).strip();
    if (key.startsWith("extends") || schema.at(key) == null || key.contains("..")) {
      errors.add(new ExperimentError(at, "unknown key '" + key + "': the experiment format has no such key"
          + " (see docs/experiments.md)"));
      return;
    }
    tree.set(key, LocatedTree.parseValue(override.substring(eq + 1)), at);
  }

  private static List<ExperimentError> dedupe(List<ExperimentError> errors) {
    return new ArrayList<>(new java.util.LinkedHashSet<>(errors));
  }
}
