package org.constcl.workflows.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import org.constcl.workflows.console.CliException;

/** Benchmark settings from named command-line options: only the options given, typed as the protocol reads them. */
final class Settings {
  private Settings() {}

  static void put(ObjectNode s, String key, Object value) {
    if (value instanceof Integer i) {
      s.put(key, i);
    } else if (value instanceof Long l) {
      s.put(key, l);
    } else if (value instanceof Path p) {
      s.put(key, p.toString());
    } else if (value != null) {
      s.put(key, value.toString());
    }
  }

  /** A number as written (the protocol parses floats from the text, as a flag would be). */
  static void number(ObjectNode s, String key, String value) {
    if (value != null) {
      try {
        s.put(key, new BigDecimal(value));
      } catch (NumberFormatException e) {
        throw CliException.usage("--" + key.replace('_', '-') + " " + value + " is not a number");
      }
    }
  }

  static void flag(ObjectNode s, String key, boolean on) {
    if (on) {
      s.put(key, true);
    }
  }
}
