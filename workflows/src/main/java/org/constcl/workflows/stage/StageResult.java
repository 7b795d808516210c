package org.constcl.workflows.stage;

import java.util.List;
import java.util.Map;

/**
 * The numbers a built artifact reports, as manifests record them and reports show them.
 *
 * @param metrics every number, by name (NaN: does not exist)
 * @param tableColumns the metrics an ablation table shows, in order
 */
public record StageResult(Map<String, Double> metrics, List<String> tableColumns) {
  public StageResult {
    metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    tableColumns = List.copyOf(tableColumns);
  }
}
