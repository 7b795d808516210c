package org.constcl.eval.benchmark;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;

/**
 * What a benchmark reports: a record type per kind of benchmark (its components are what it
 * stores). Written once into the run's {@code metrics.json} under {@code result}, with the schema
 * version {@link BenchmarkResults#SCHEMA} and its {@link #type()}; the engine's manifests and
 * reports read this type through its protocol ({@link BenchmarkProtocol#read}), not metric names.
 */
public interface BenchmarkResult {
  /** The kind of result, written beside its fields: the record's name without {@code Result}, e.g. {@code classification}. */
  @JsonIgnore
  default String type() {
    String n = getClass().getSimpleName();
    return (n.endsWith("Result") ? n.substring(0, n.length() - 6) : n).toLowerCase(java.util.Locale.ROOT);
  }

  /** The protocol that produced it. */
  String protocol();

  /** Every number it reports, by name, headline first (NaN where a value does not exist). */
  @JsonIgnore
  Map<String, Double> metrics();

  /** The metrics an ablation table shows, in column order. */
  @JsonIgnore
  List<String> tableColumns();

  /**
   * The dataset's name when the result names it, else null. A record component overriding it needs
   * {@code @JsonIgnore(false)}: Jackson inherits this method's {@code @JsonIgnore}.
   */
  @JsonIgnore
  default String dataset() {
    return null;
  }

  /** An ordered metrics map from name, value pairs (for {@link #metrics()}). */
  static Map<String, Double> ordered(Object... nameValue) {
    Map<String, Double> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      Number v = (Number) nameValue[i + 1];
      m.put((String) nameValue[i], v == null ? Double.NaN : v.doubleValue());
    }
    return m;
  }

  /** The result in one line for people, e.g. {@code top-1 0.5000, top-5 1.0000 over 12 test videos (chance 0.1667)}. */
  @JsonIgnore
  String headline();
}
