package org.constcl.workflows.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.constcl.eval.chart.LineChart;
import org.constcl.tfmodel.run.RunLayout;
import org.constcl.workflows.plan.CanonicalJson;
import org.jfree.chart.JFreeChart;

/** A metric per step of every trained cell (from each train artifact's metrics log, {@link RunLayout}), as a line chart. */
public final class TrainingCurves {
  private final Map<String, List<double[]>> curves = new LinkedHashMap<>();

  public TrainingCurves(JsonNode manifest, String metric) {
    this(read(manifest, List.of(metric)).get(metric));
  }

  private TrainingCurves(Map<String, List<double[]>> curves) {
    this.curves.putAll(curves);
  }

  /** The curves of several metrics, each metrics log read once. */
  public static Map<String, TrainingCurves> of(JsonNode manifest, List<String> metrics) {
    Map<String, TrainingCurves> out = new LinkedHashMap<>();
    read(manifest, metrics).forEach((metric, curves) -> out.put(metric, new TrainingCurves(curves)));
    return out;
  }

  private static Map<String, Map<String, List<double[]>>> read(JsonNode manifest, List<String> metrics) {
    Map<String, Map<String, List<double[]>>> byMetric = new LinkedHashMap<>();
    metrics.forEach(m -> byMetric.put(m, new LinkedHashMap<>()));
    for (JsonNode cell : manifest.get("cells")) {
      String key = cell.path("stages").path("train").asText(null);
      String dir = key == null ? null : manifest.path("instances").path(key).path("artifact").path("path").asText(null);
      Path log = dir == null ? null : RunLayout.of(Path.of(dir)).metrics();
      if (log == null || !Files.isRegularFile(log)) {
        continue;
      }
      Map<String, List<double[]>> points = new LinkedHashMap<>();
      try {
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
          JsonNode n = CanonicalJson.JSON.readTree(line);
          for (String metric : metrics) {
            if (n.has(metric)) {
              points.computeIfAbsent(metric, k -> new ArrayList<>()).add(new double[] {n.get("step").asDouble(),
                  n.get(metric).asDouble()});
            }
          }
        }
      } catch (IOException e) {
        continue; // a missing curve is shown as missing, not as an error
      }
      points.forEach((metric, p) -> byMetric.get(metric).put(cell.get("id").asText(), p));
    }
    return byMetric;
  }

  public boolean isEmpty() {
    return curves.isEmpty();
  }

  public int size() {
    return curves.size();
  }

  /** Keeps only the curves of these cells. */
  public TrainingCurves retain(java.util.Collection<String> cellIds) {
    curves.keySet().retainAll(cellIds);
    return this;
  }

  /** The curves, by cell id, as (step, value) points. */
  public Map<String, List<double[]>> curves() {
    return curves;
  }

  /** A line chart of every cell's curve, steps on x and {@code yLabel} (with its unit) on y. */
  public JFreeChart chart(String title, String yLabel) {
    LineChart c = new LineChart(title, "training step", yLabel);
    curves.forEach((cell, points) -> add(c, cell, points, false));
    return c.chart();
  }

  /** Run A's curves solid and run B's dashed on one chart, cells in the same colour. */
  public static JFreeChart sideBySide(TrainingCurves a, String nameA, TrainingCurves b, String nameB, String title, String yLabel) {
    LineChart c = new LineChart(title, "training step", yLabel);
    a.curves.forEach((cell, points) -> add(c, nameA + ": " + cell, points, false));
    b.curves.forEach((cell, points) -> add(c, nameB + ": " + cell, points, true));
    return c.chart();
  }

  private static void add(LineChart c, String name, List<double[]> points, boolean dashed) {
    c.series(name, points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray(), dashed);
  }
}
