package org.constcl.workflows.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ablation table of a manifest: one row per grid cell without its seed (plus a row per
 * random-init baseline), one column per metric ({@code <role> <metric>}) that the stage's typed
 * result puts in its table (the instance's {@code table} in the manifest), mean and sample standard
 * deviation over the seeds, and the difference of each mean to the baseline row.
 */
public final class AblationTable {
  /** A row: its label, the cells it averages, and per column the values over seeds. */
  public record Row(String label, List<String> cells, Map<String, List<Double>> values) {
    public double mean(String column) {
      List<Double> v = values.get(column);
      return v == null || v.isEmpty() ? Double.NaN : v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Sample standard deviation (n - 1); NaN for fewer than two values. */
    public double std(String column) {
      List<Double> v = values.get(column);
      if (v == null || v.size() < 2) {
        return Double.NaN;
      }
      double m = mean(column);
      double s = 0;
      for (double x : v) {
        s += (x - m) * (x - m);
      }
      return Math.sqrt(s / (v.size() - 1));
    }

    public int n(String column) {
      List<Double> v = values.get(column);
      return v == null ? 0 : v.size();
    }
  }

  private final List<String> columns = new ArrayList<>();
  private final List<Row> rows = new ArrayList<>();
  private final int baseline;

  public AblationTable(JsonNode manifest, Map<String, String> baselineAxes) {
    Set<String> cols = new LinkedHashSet<>();
    Map<String, Row> byLabel = new LinkedHashMap<>();
    Set<String> seen = new java.util.HashSet<>();
    for (JsonNode cell : manifest.get("cells")) {
      String group = cell.path("group").asText(cell.get("id").asText());
      cell.path("metrics").fields().forEachRemaining(role -> {
        boolean randomInit = role.getKey().startsWith("eval-random-init:");
        String label = randomInit ? "random init (" + role.getKey().substring(role.getKey().indexOf(':') + 1) + ")" : group;
        String roleName = randomInit ? "eval:" + role.getKey().substring(role.getKey().indexOf(':') + 1) : role.getKey();
        Row row = byLabel.computeIfAbsent(label, l -> new Row(l, new ArrayList<>(), new LinkedHashMap<>()));
        if (!row.cells().contains(cell.get("id").asText())) {
          row.cells().add(cell.get("id").asText());
        }
        String key = cell.path("stages").path(role.getKey()).asText();
        JsonNode table = manifest.path("instances").path(key).path("table");
        role.getValue().fields().forEachRemaining(m -> {
          boolean shown = table.isArray() ? contains(table, m.getKey()) : roleName.startsWith("eval:");
          if (shown && m.getValue().isNumber()) {
            String col = roleName.replace("eval:", "") + " " + m.getKey();
            cols.add(col);
            // An instance shared by several cells (a random-init baseline) counts once.
            if (seen.add(label + "|" + col + "|" + key)) {
              row.values().computeIfAbsent(col, k -> new ArrayList<>()).add(m.getValue().asDouble());
            }
          }
        });
      });
    }
    columns.addAll(cols);
    // Grid rows in grid order, then the random-init baselines.
    byLabel.values().stream().filter(r -> !r.label().startsWith("random init")).forEach(rows::add);
    byLabel.values().stream().filter(r -> r.label().startsWith("random init")).forEach(rows::add);
    int b = 0;
    if (!baselineAxes.isEmpty()) {
      b = -1;
      for (int r = 0; r < rows.size() && b < 0; r++) {
        JsonNode cell = ManifestFile.cellNode(manifest, rows.get(r).cells().get(0));
        boolean match = cell != null;
        for (Map.Entry<String, String> e : baselineAxes.entrySet()) {
          match &= cell != null && cell.path("axes").path(e.getKey()).asText().equals(e.getValue());
        }
        if (match && !rows.get(r).label().startsWith("random init")) {
          b = r;
        }
      }
      if (b < 0) {
        throw new IllegalArgumentException("no row matches the baseline " + baselineAxes);
      }
    }
    baseline = b;
  }

  /** Whether a metric is better lower: losses and durations. */
  public static boolean lowerIsBetter(String metric) {
    return metric.contains("loss") || metric.contains("seconds");
  }

  /** Whether a stage's {@code table} (its typed result's report columns) names {@code metric}. */
  public static boolean contains(JsonNode array, String value) {
    for (JsonNode v : array) {
      if (v.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  public List<String> columns() {
    return columns;
  }

  public List<Row> rows() {
    return rows;
  }

  public int baseline() {
    return baseline;
  }
}
