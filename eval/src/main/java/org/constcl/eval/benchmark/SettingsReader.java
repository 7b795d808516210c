package org.constcl.eval.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.constcl.eval.run.EvalException;

/**
 * Typed access to a benchmark's settings, checked against its {@link SettingSpec}s: an unknown key,
 * a value of the wrong type or outside its choices is a usage error naming the key.
 */
final class SettingsReader {
  private final JsonNode settings;
  private final String protocol;

  SettingsReader(JsonNode settings, String protocol, List<SettingSpec> specs) throws EvalException {
    this.settings = settings == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : settings;
    this.protocol = protocol;
    for (var it = this.settings.fields(); it.hasNext(); ) {
      var e = it.next();
      SettingSpec spec = specs.stream().filter(s -> s.key().equals(e.getKey())).findFirst().orElse(null);
      if (spec == null) {
        throw EvalException.usage("unknown setting '" + e.getKey() + "' for benchmark " + protocol + " (it takes "
            + String.join(", ", specs.stream().map(SettingSpec::key).toList()) + ")");
      }
      check(spec, e.getValue());
    }
  }

  private void check(SettingSpec spec, JsonNode v) throws EvalException {
    boolean ok = switch (spec.type()) {
      case INTEGER -> v.canConvertToLong() && (v.isIntegralNumber() || (v.isTextual() && v.asText().matches("-?\\d+")));
      case NUMBER -> v.isNumber() || (v.isTextual() && isNumber(v.asText()));
      case BOOLEAN -> v.isBoolean() || (v.isTextual() && v.asText().matches("true|false"));
      case STRING -> v.isTextual() || v.isNumber();
    };
    if (!ok) {
      throw EvalException.usage(protocol + " setting " + spec.key() + " (" + spec.flag() + ") must be " + spec.type().name()
          .toLowerCase(java.util.Locale.ROOT) + ", not " + v);
    }
    if (!spec.choices().isEmpty() && !spec.choices().contains(v.asText())) {
      throw EvalException.usage(protocol + " setting " + spec.key() + " (" + spec.flag() + ") must be one of "
          + String.join(", ", spec.choices()) + ", not " + v.asText());
    }
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** A copy of {@code given} to add planned defaults to (an empty object for none). */
  static ObjectNode copy(JsonNode given) {
    return given != null && given.isObject() ? ((ObjectNode) given).deepCopy() : JsonNodeFactory.instance.objectNode();
  }

  boolean has(String key) {
    return settings.has(key) && !settings.get(key).isNull();
  }

  int integer(String key, int fallback) {
    return has(key) ? settings.get(key).asInt() : fallback;
  }

  Integer integer(String key) {
    return has(key) ? settings.get(key).asInt() : null;
  }

  long integer64(String key, long fallback) {
    return has(key) ? settings.get(key).asLong() : fallback;
  }

  double number(String key, double fallback) {
    return has(key) ? Double.parseDouble(settings.get(key).asText()) : fallback;
  }

  /** A float parsed from the value's text, as a command-line flag would be (no double rounding on the way). */
  Float number32(String key) {
    return has(key) ? Float.parseFloat(settings.get(key).asText()) : null;
  }

  float number32(String key, float fallback) {
    Float v = number32(key);
    return v == null ? fallback : v;
  }

  String string(String key, String fallback) {
    return has(key) ? settings.get(key).asText() : fallback;
  }

  boolean bool(String key) {
    return has(key) && settings.get(key).asBoolean();
  }

  Path path(String key) {
    return has(key) ? Path.of(settings.get(key).asText()) : null;
  }

  String protocol() {
    return protocol;
  }
}
