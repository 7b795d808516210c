package org.constcl.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The type of a value in an experiment file. One description serves validation (with locations),
 * the check of grid axes and {@code --set} keys, and the JSON Schema shipped for editors.
 */
public abstract sealed class SchemaType {
  static final JsonNodeFactory F = JsonNodeFactory.instance;
  final String description;

  SchemaType(String description) {
    this.description = description;
  }

  abstract void validate(JsonNode value, String path, LocatedTree tree, List<ExperimentError> errors);

  /** The type of the value at {@code rest} below this one (dotted), or null when no such key exists. */
  abstract SchemaType at(List<String> rest);

  abstract ObjectNode jsonSchema();

  ObjectNode described(ObjectNode o) {
    if (description != null) {
      o.put("description", description);
    }
    return o;
  }

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** A mapping with known keys. */
  public static final class Obj extends SchemaType {
    final Map<String, SchemaType> fields = new LinkedHashMap<>();
    final Set<String> required;

    Obj(String description, Set<String> required) {
      super(description);
      this.required = required;
    }

    Obj field(String name, SchemaType type) {
      fields.put(name, type);
      return this;
    }

    @Override
    void validate(JsonNode value, String path, LocatedTree tree, List<ExperimentError> errors) {
      if (!value.isObject()) {
        errors.add(new ExperimentError(tree.locate(path), "expected a mapping (" + String.join(", ", fields.keySet())
            + "), found " + Scalar.show(value)));
        return;
      }
      value.fields().forEachRemaining(e -> {
        String p = child(path, e.getKey());
        SchemaType t = fields.get(e.getKey());
        if (t == null) {
          errors.add(new ExperimentError(tree.locate(p + "#key"), "unknown key '" + e.getKey() + "'"
              + (path.isEmpty() ? "" : " in " + path) + "; known keys: " + String.join(", ", fields.keySet())));
        } else {
          t.validate(e.getValue(), p, tree, errors);
        }
      });
      for (String r : required) {
        if (!value.has(r) || value.get(r).isNull()) {
          errors.add(new ExperimentError(tree.locate(path), "missing required key '" + child(path, r) + "'"));
        }
      }
    }

    @Override
    SchemaType at(List<String> rest) {
      if (rest.isEmpty()) {
        return this;
      }
      SchemaType t = fields.get(rest.get(0));
      return t == null ? null : t.at(rest.subList(1, rest.size()));
    }

    @Override
    ObjectNode jsonSchema() {
      ObjectNode o = described(F.objectNode().put("type", "object"));
      ObjectNode props = o.putObject("properties");
      fields.forEach((k, t) -> props.set(k, t.jsonSchema()));
      o.put("additionalProperties", false);
      if (!required.isEmpty()) {
        required.forEach(o.putArray("required")::add);
      }
      return o;
    }
  }

  /** A mapping from names the user chooses to values of one type. */
  public static final class Named extends SchemaType {
    final Supplier<SchemaType> values;

    Named(String description, Supplier<SchemaType> values) {
      super(description);
      this.values = values;
    }

    @Override
    void validate(JsonNode value, String path, LocatedTree tree, List<ExperimentError> errors) {
      if (!value.isObject()) {
        errors.add(new ExperimentError(tree.locate(path), "expected a mapping of names, found " + Scalar.show(value)));
        return;
      }
      value.fields().forEachRemaining(e -> {
        if (!e.getKey().matches("[A-Za-z0-9][A-Za-z0-9_.-]*") || e.getKey().contains("..")) {
          errors.add(new ExperimentError(tree.locate(child(path, e.getKey()) + "#key"), "name '" + e.getKey()
              + "' must be letters, digits, '_', '-' or '.' (it names folders and report rows)"));
        }
        values.get().validate(e.getValue(), child(path, e.getKey()), tree, errors);
      });
    }

    @Override
    SchemaType at(List<String> rest) {
      return rest.isEmpty() ? this : values.get().at(rest.subList(1, rest.size()));
    }

    @Override
    ObjectNode jsonSchema() {
      ObjectNode o = described(F.objectNode().put("type", "object"));
      o.set("additionalProperties", values.get().jsonSchema());
      return o;
    }
  }

  /** A list of values of one type. */
  public static final class ListOf extends SchemaType {
    final SchemaType items;
    final boolean nonEmpty;

    ListOf(String description, SchemaType items, boolean nonEmpty) {
      super(description);
      this.items = items;
      this.nonEmpty = nonEmpty;
    }

    @Override
    void validate(JsonNode value, String path, LocatedTree tree, List<ExperimentError> errors) {
      if (!value.isArray()) {
        errors.add(new ExperimentError(tree.locate(path), "expected a list, found " + Scalar.show(value)));
        return;
      }
      if (nonEmpty && value.isEmpty()) {
        errors.add(new ExperimentError(tree.locate(path), path + " must not be empty"));
      }
      for (int i = 0; i < value.size(); i++) {
        items.validate(value.get(i), path + "[" + i + "]", tree, errors);
      }
    }

    @Override
    SchemaType at(List<String> rest) {
      return rest.isEmpty() ? this : null;
    }

    @Override
    ObjectNode jsonSchema() {
      ObjectNode o = described(F.objectNode().put("type", "array"));
      o.set("items", items.jsonSchema());
      if (nonEmpty) {
        o.put("minItems", 1);
      }
      return o;
    }
  }

  /** A string, number, integer or boolean, optionally one of fixed values. */
  public static final class Scalar extends SchemaType {
    enum Kind { STRING, INTEGER, NUMBER, BOOLEAN, ANY }

    final Kind kind;
    final List<String> choices;

    Scalar(String description, Kind kind, List<String> choices) {
      super(description);
      this.kind = kind;
      this.choices = choices;
    }

    @Override
    void validate(JsonNode v, String path, LocatedTree tree, List<ExperimentError> errors) {
      boolean ok = switch (kind) {
        case STRING -> v.isTextual();
        case INTEGER -> v.isIntegralNumber();
        case NUMBER -> v.isNumber();
        case BOOLEAN -> v.isBoolean();
        case ANY -> v.isValueNode() && !v.isNull();
      };
      if (!ok) {
        errors.add(new ExperimentError(tree.locate(path), path + ": expected " + kind.name().toLowerCase()
            + (choices.isEmpty() ? "" : " (one of " + String.join(", ", choices) + ")") + ", found " + show(v)));
      } else if (!choices.isEmpty() && !choices.contains(v.asText())) {
        errors.add(new ExperimentError(tree.locate(path), path + ": unknown value '" + v.asText() + "'; one of "
            + String.join(", ", choices)));
      }
    }

    static String show(JsonNode v) {
      if (v.isObject()) {
        return "a mapping";
      }
      if (v.isArray()) {
        return "a list";
      }
      if (v.isNull()) {
        return "nothing";
      }
      return (v.isTextual() ? "string " : v.isNumber() ? "number " : "") + "'" + v.asText() + "'";
    }

    @Override
    SchemaType at(List<String> rest) {
      return rest.isEmpty() ? this : null;
    }

    @Override
    ObjectNode jsonSchema() {
      ObjectNode o = described(F.objectNode());
      if (kind == Kind.ANY) {
        o.putArray("type").add("string").add("number").add("boolean");
      } else {
        o.put("type", kind.name().toLowerCase());
      }
      if (!choices.isEmpty()) {
        choices.forEach(o.putArray("enum")::add);
      }
      return o;
    }
  }

  /** A subtree whose keys another component owns (the trainer's config keys). */
  public static final class Delegated extends SchemaType {
    final Set<String> keys;

    Delegated(String description, Set<String> keys) {
      super(description);
      this.keys = keys;
    }

    @Override
    void validate(JsonNode value, String path, LocatedTree tree, List<ExperimentError> errors) {
      List<String> flat = new ArrayList<>();
      flatten(value, "", flat);
      for (String k : flat) {
        if (!keys.contains(k)) {
          errors.add(new ExperimentError(tree.locate(child(path, k) + "#key"), "unknown key '" + k + "' in " + path
              + " (keys: as in docs/training.md, e.g. model.size, optimizer.learning_rate)"));
        }
      }
    }

    private static void flatten(JsonNode v, String prefix, List<String> out) {
      if (v.isObject()) {
        v.fields().forEachRemaining(e -> flatten(e.getValue(), child(prefix, e.getKey()), out));
      } else {
        out.add(prefix);
      }
    }

    @Override
    SchemaType at(List<String> rest) {
      if (rest.isEmpty()) {
        return this;
      }
      String k = String.join(".", rest);
      return keys.contains(k) || keys.stream().anyMatch(x -> x.startsWith(k + ".")) ? new Scalar(null, Scalar.Kind.ANY, List.of()) : null;
    }

    @Override
    ObjectNode jsonSchema() {
      return described(F.objectNode().put("type", "object"));
    }
  }
}
