package org.constcl.workflows.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.constcl.eval.chart.ChartFiles;

/**
 * {@code constcl compare --html}: two runs side by side on one self-contained page (styles and SVG
 * inline, nothing fetched): what each run is, the environment and config differences, per cell the
 * stages with the first one that differs by itself marked, the metric deltas, and both runs'
 * training curves on one chart (run a solid, run b dashed, a cell in one colour).
 */
public final class ComparisonPage {
  private ComparisonPage() {}

  public static String html(ManifestFile a, ManifestFile b, ObjectNode c) {
    StringBuilder sb = new StringBuilder();
    String title = "compare " + name(a) + " vs " + name(b);
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(Html.escape(title))
        .append("</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.6em 0}")
        .append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}td.num{text-align:right}")
        .append("tr.first{background:#fff4e5}td.pos{color:#1a7f37}td.neg{color:#b42318}ul{margin:.3em 0}")
        .append("code{background:#f4f4f4;padding:0 3px}</style></head><body>\n");
    sb.append("<h1>").append(Html.escape(title)).append("</h1>\n");
    sb.append("<table id=\"runs\"><thead><tr><th></th><th>a</th><th>b</th></tr></thead><tbody>\n");
    row(sb, "manifest", c.path("a").asText(), c.path("b").asText());
    for (String[] f : new String[][] {{"run", "run"}, {"experiment", "experiment/name"}, {"status", "status"},
        {"started", "started"}, {"seconds", "seconds"}, {"code", "environment/project/commit"},
        {"Java", "environment/java/version"}, {"CPU", "environment/cpu/model"}, {"GPU", "environment/gpu"}}) {
      row(sb, f[0], at(a.json(), f[1]), at(b.json(), f[1]));
    }
    row(sb, "cells", Integer.toString(a.json().path("cells").size()), Integer.toString(b.json().path("cells").size()));
    sb.append("</tbody></table>\n");

    sb.append("<h2>Environment</h2>\n");
    list(sb, "environment", c.path("environment"), "the same environment");
    for (String side : new String[] {"only_in_a", "only_in_b"}) {
      if (c.path(side).size() > 0) {
        sb.append("<p>Cells ").append(side.replace('_', ' ')).append(": ");
        c.get(side).forEach(x -> sb.append("<code>").append(Html.escape(x.asText())).append("</code> "));
        sb.append("</p>\n");
      }
    }

    sb.append("<h2>Cells</h2>\n");
    if (c.path("cells").isEmpty()) {
      sb.append("<p id=\"no-differences\">No differences in the cells compared.</p>\n");
    }
    for (JsonNode cell : c.path("cells")) {
      String id = cell.path("a").asText();
      sb.append("<section class=\"cell\" data-cell=\"").append(Html.escape(id)).append("\"><h3>").append(Html.escape(id));
      if (!id.equals(cell.path("b").asText())) {
        sb.append(" vs ").append(Html.escape(cell.path("b").asText()));
      }
      sb.append("</h3>\n");
      if (cell.has("first_differing_stage")) {
        sb.append("<p>First stage that differs by itself: <strong class=\"first-differing\">")
            .append(Html.escape(cell.get("first_differing_stage").asText())).append("</strong>; the stages after it differ"
                + " through their inputs.</p>\n");
      }
      sb.append("<h4>Config</h4>\n");
      list(sb, "config", cell.path("config"), "the same config");
      sb.append("<h4>Stages</h4>\n<table class=\"stages\"><thead><tr><th>role</th><th>stage</th><th>status</th><th>because</th>"
          + "</tr></thead><tbody>\n");
      for (JsonNode s : cell.path("stages")) {
        sb.append(s.path("first_difference").asBoolean() ? "<tr class=\"first\">" : "<tr>").append("<td>")
            .append(Html.escape(s.path("role").asText())).append("</td><td>").append(Html.escape(s.path("label").asText()))
            .append("</td><td>").append(Html.escape(s.path("status").asText()))
            .append(s.path("first_difference").asBoolean() ? " (first difference)" : "").append("</td><td>");
        s.path("because").forEach(x -> sb.append(Html.escape(x.asText())).append("<br>"));
        if (s.has("note")) {
          sb.append(Html.escape(s.get("note").asText()));
        }
        sb.append("</td></tr>\n");
      }
      sb.append("</tbody></table>\n<h4>Metrics</h4>\n");
      if (cell.path("metric_values").isEmpty()) {
        sb.append("<p>No metric differs.</p>\n");
      } else {
        sb.append("<table class=\"metrics\"><thead><tr><th>stage</th><th>metric</th><th>a</th><th>b</th><th>Δ (b − a)</th>"
            + "</tr></thead><tbody>\n");
        for (JsonNode m : cell.path("metric_values")) {
          double d = m.path("delta").asDouble();
          boolean lowerIsBetter = AblationTable.lowerIsBetter(m.path("metric").asText());
          String cls = d == 0 ? "" : (d > 0) != lowerIsBetter ? " pos" : " neg";
          sb.append("<tr><td>").append(Html.escape(m.path("role").asText())).append("</td><td>")
              .append(Html.escape(m.path("metric").asText())).append("</td><td class=\"num\">").append(num(m.path("a")))
              .append("</td><td class=\"num\">").append(num(m.path("b"))).append("</td><td class=\"num").append(cls).append("\">")
              .append(String.format(Locale.ROOT, "%+.4g", d)).append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n");
      }
      sb.append("</section>\n");
    }

    Set<String> cellsA = new LinkedHashSet<>();
    Set<String> cellsB = new LinkedHashSet<>();
    c.path("cells").forEach(x -> {
      cellsA.add(x.path("a").asText());
      cellsB.add(x.path("b").asText());
    });
    TrainingCurves ca = new TrainingCurves(a.json(), "loss");
    TrainingCurves cb = new TrainingCurves(b.json(), "loss");
    if (a.cell() != null || !cellsA.isEmpty()) {
      ca.retain(a.cell() != null ? Set.of(a.cell()) : cellsA);
      cb.retain(b.cell() != null ? Set.of(b.cell()) : cellsB);
    }
    sb.append("<h2>Training curves</h2>\n");
    if (ca.isEmpty() && cb.isEmpty()) {
      sb.append("<p>Neither run trained the cells compared.</p>\n");
    } else {
      sb.append("<figure id=\"training-loss\">").append(ChartFiles.svgElement(TrainingCurves.sideBySide(ca, "a", cb, "b",
          "training loss: run a solid, run b dashed", "loss (InfoNCE, nats)"), 900, 440)).append("</figure>\n");
    }
    sb.append("</body></html>\n");
    return sb.toString();
  }

  private static String name(ManifestFile m) {
    return m.json().path("run").asText(m.path().toString()) + (m.cell() != null ? "#" + m.cell() : "");
  }

  private static String at(JsonNode root, String path) {
    JsonNode n = root;
    for (String p : path.split("/")) {
      n = n.path(p);
    }
    return n.isMissingNode() || n.isNull() ? "–" : n.asText();
  }

  private static void row(StringBuilder sb, String label, String va, String vb) {
    sb.append(va.equals(vb) ? "<tr>" : "<tr class=\"differs\">").append("<th>").append(Html.escape(label)).append("</th><td>")
        .append(Html.escape(va)).append("</td><td>").append(Html.escape(vb)).append("</td></tr>\n");
  }

  private static void list(StringBuilder sb, String id, JsonNode items, String none) {
    if (items.isEmpty()) {
      sb.append("<p>").append(none).append(".</p>\n");
      return;
    }
    sb.append("<ul class=\"").append(id).append("\">");
    items.forEach(x -> sb.append("<li><code>").append(Html.escape(x.asText())).append("</code></li>"));
    sb.append("</ul>\n");
  }

  private static String num(JsonNode v) {
    return String.format(Locale.ROOT, "%.4f", v.asDouble());
  }
}
