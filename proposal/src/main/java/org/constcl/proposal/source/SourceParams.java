package org.constcl.proposal.source;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A source's parameters as strings: its defaults overlaid with the user's {@code --set key=value}
 * pairs. Unknown keys and unparsable values are errors naming the source, the key and what is
 * allowed. The sorted map is part of the canonical config, so equal settings digest equally.
 */
public final class SourceParams implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String owner;
  private final TreeMap<String, String> values;

  private SourceParams(String owner, TreeMap<String, String> values) {
    this.owner = owner;
    this.values = values;
  }

  /**
   * {@code defaults} overlaid with {@code overrides}.
   *
   * @param owner what the parameters belong to, for messages (e.g. {@code source slic})
   * @throws IllegalArgumentException for a key {@code defaults} does not have
   */
  public static SourceParams resolve(String owner, Map<String, String> defaults, Map<String, String> overrides) {
    TreeMap<String, String> v = new TreeMap<>(defaults);
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      if (!defaults.containsKey(e.getKey())) {
        throw new IllegalArgumentException("unknown parameter '" + e.getKey() + "' for " + owner
            + "; its parameters are " + String.join(", ", defaults.keySet()));
      }
      v.put(e.getKey(), e.getValue().trim());
    }
    return new SourceParams(owner, v);
  }

  /** Every parameter, sorted by key. */
  public SortedMap<String, String> asMap() {
    return Collections.unmodifiableSortedMap(values);
  }

  public String string(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalStateException(owner + " has no parameter " + key);
    }
    return v;
  }

  /** An integer within {@code [min, max]}. */
  public int integer(String key, int min, int max) {
    String v = string(key);
    try {
      int i = Integer.parseInt(v);
      if (i < min || i > max) {
        throw bad(key, v, "an integer in [" + min + ", " + max + "]");
      }
      return i;
    } catch (NumberFormatException e) {
      throw bad(key, v, "an integer in [" + min + ", " + max + "]");
    }
  }

  /** A finite number within {@code [min, max]}. */
  public double number(String key, double min, double max) {
    String v = string(key);
    try {
      double d = Double.parseDouble(v);
      if (!Double.isFinite(d) || d < min || d > max) {
        throw bad(key, v, "a number in [" + min + ", " + max + "]");
      }
      return d;
    } catch (NumberFormatException e) {
      throw bad(key, v, "a number in [" + min + ", " + max + "]");
    }
  }

  /** {@code true} or {@code false}. */
  public boolean flag(String key) {
    String v = string(key).toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw bad(key, v, "true or false");
    };
  }

  /** One of {@code allowed}. */
  public String choice(String key, Set<String> allowed) {
    String v = string(key);
    if (!allowed.contains(v)) {
      throw bad(key, v, "one of " + String.join(", ", sorted(allowed)));
    }
    return v;
  }

  /** A comma-separated list of integers, each within {@code [min, max]}, at least one. */
  public List<Integer> integers(String key, int min, int max) {
    String v = string(key);
    List<Integer> out = new ArrayList<>();
    for (String part : v.split(",")) {
      try {
        int i = Integer.parseInt(part.trim());
        if (i < min || i > max) {
          throw bad(key, v, "comma-separated integers in [" + min + ", " + max + "]");
        }
        out.add(i);
      } catch (NumberFormatException e) {
        throw bad(key, v, "comma-separated integers in [" + min + ", " + max + "]");
      }
    }
    return List.copyOf(out);
  }

  /** Checks that {@code lowKey}'s value does not exceed {@code highKey}'s. */
  public void requireOrdered(String lowKey, String highKey) {
    if (Double.parseDouble(string(lowKey)) > Double.parseDouble(string(highKey))) {
      throw new IllegalArgumentException(owner + ": " + lowKey + " (" + string(lowKey) + ") exceeds "
          + highKey + " (" + string(highKey) + ")");
    }
  }

  private static List<String> sorted(Set<String> s) {
    List<String> l = new ArrayList<>(s);
    Collections.sort(l);
    return l;
  }

  private IllegalArgumentException bad(String key, String value, String expected) {
    return new IllegalArgumentException(owner + ": " + key + "=" + value + " is invalid; expected " + expected);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SourceParams p && values.equals(p.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
