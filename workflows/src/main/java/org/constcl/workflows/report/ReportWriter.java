package org.constcl.workflows.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.constcl.eval.chart.ChartFiles;
import org.jfree.chart.JFreeChart;

/**
 * {@code constcl report}: the ablation table, the training curves and per benchmark a chart of
 * means with error bars over seeds, as Markdown ({@code report.md} with each chart beside it as SVG
 * and PNG) and as one self-contained HTML page ({@code report.html}: styles and SVG inline, nothing
 * fetched).
 */
public final class ReportWriter {
  private ReportWriter() {}

  /** Writes the report into {@code out}; returns the files written. */
  public static List<Path> write(ManifestFile manifest, Map<String, String> baseline, Path out) throws IOException {
    JsonNode m = manifest.json();
    Map<String, String> base = baseline;
    if (base.isEmpty()) {
      base = new java.util.LinkedHashMap<>();
      for (var it = m.path("experiment").path("report").path("baseline").fields(); it.hasNext(); ) {
        var e = it.next();
        base.put(e.getKey(), e.getValue().asText());
      }
    }
    AblationTable table = new AblationTable(m, base);
    // Held-out contrastive accuracy from step 0 (the random init) on, when the runs validated.
    Map<String, TrainingCurves> read = TrainingCurves.of(m, List.of("loss", "validation/global_accuracy"));
    TrainingCurves curves = read.get("loss");
    Files.createDirectories(out);
    List<Path> written = new ArrayList<>();
    List<Figure> figures = new ArrayList<>();
    if (!curves.isEmpty()) {
      figures.add(figure(out, written, "training-loss", "Training curves", "training loss",
          curves.chart("training loss (" + curves.size() + " runs)", "loss (InfoNCE, nats)"), 820, 400));
    }
    TrainingCurves heldOut = read.get("validation/global_accuracy");
    if (!heldOut.isEmpty()) {
      figures.add(figure(out, written, "heldout-accuracy", "Training curves", "held-out accuracy",
          heldOut.chart("held-out global contrastive accuracy (" + heldOut.size() + " runs; step 0 is the random init)",
              "top-1 accuracy (fraction, 0 to 1)"), 820, 400));
    }
    for (AblationCharts.BenchmarkChart c : AblationCharts.of(table)) {
      figures.add(figure(out, written, "benchmark-" + c.id(), "Benchmarks over seeds", c.benchmark(), c.chart(), 820, 420));
    }
    Path md = out.resolve("report.md");
    Files.writeString(md, markdown(m, table, figures), StandardCharsets.UTF_8);
    written.add(md);
    Path html = out.resolve("report.html");
    Files.writeString(html, html(m, table, figures), StandardCharsets.UTF_8);
    written.add(html);
    return written;
  }

  /** A chart written as PNG and SVG, with its section, alt text and the SVG to inline. */
  record Figure(String id, String section, String alt, String svg) {}

  private static Figure figure(Path out, List<Path> written, String id, String section, String alt, JFreeChart chart, int w, int h)
      throws IOException {
    String svg = ChartFiles.write(chart, w, h, out.resolve(id));
    written.add(out.resolve(id + ".svg"));
    written.add(out.resolve(id + ".png"));
    return new Figure(id, section, alt, ChartFiles.element(svg));
  }

  static String cell(AblationTable t, AblationTable.Row r, String col) {
    int n = r.n(col);
    if (n == 0) {
      return "–";
    }
    String s = String.format(Locale.ROOT, "%.4f", r.mean(col));
    if (n > 1) {
      s += String.format(Locale.ROOT, " ± %.4f", r.std(col));
    }
    return s + (n > 1 ? " (n=" + n + ")" : "");
  }

  static String delta(AblationTable t, AblationTable.Row r, String col) {
    AblationTable.Row b = t.rows().get(t.baseline());
    if (r == b) {
      return "baseline";
    }
    double d = r.mean(col) - b.mean(col);
    return Double.isNaN(d) ? "–" : String.format(Locale.ROOT, "%+.4f", d);
  }

  private static String markdown(JsonNode m, AblationTable t, List<Figure> figures) {
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(m.path("experiment").path("name").asText()).append(" — run ").append(m.path("run").asText()).append("\n\n");
    sb.append(summaryLine(m)).append("\n\n");
    sb.append("## Ablation table\n\nMean ± sample std over seeds; Δ is the difference of means to the baseline row (")
        .append(t.rows().isEmpty() ? "none" : t.rows().get(t.baseline()).label()).append(").\n\n");
    sb.append("| row |");
    t.columns().forEach(c -> sb.append(' ').append(c).append(" | Δ |"));
    sb.append("\n|---|");
    t.columns().forEach(c -> sb.append("---:|---:|"));
    sb.append('\n');
    for (AblationTable.Row r : t.rows()) {
      sb.append("| ").append(r.label()).append(" |");
      for (String c : t.columns()) {
        sb.append(' ').append(cell(t, r, c)).append(" | ").append(delta(t, r, c)).append(" |");
      }
      sb.append('\n');
    }
    String section = null;
    for (Figure f : figures) {
      if (!f.section().equals(section)) {
        section = f.section();
        sb.append("\n## ").append(section).append("\n");
      }
      sb.append("\n![").append(f.alt()).append("](").append(f.id()).append(".svg)\n");
    }
    sb.append("\n## Stages\n\n| stage | status | seconds | reason |\n|---|---|---:|---|\n");
    m.get("instances").forEach(i -> sb.append("| ").append(i.path("label").asText()).append(" | ").append(i.path("status").asText())
        .append(" | ").append(i.path("seconds").asText("")).append(" | ").append(i.path("reason").asText("").replace("|", "\\|"))
        .append(" |\n"));
    return sb.toString();
  }

  private static String summaryLine(JsonNode m) {
    JsonNode env = m.path("environment");
    return String.format(Locale.ROOT, "Status **%s**, %d cells, %.0f s. Code %s%s; Java %s; %s (%d cores); GPU %s.",
        m.path("status").asText(), m.path("cells").size(), m.path("seconds").asDouble(),
        env.path("project").path("commit").asText(), env.path("project").path("dirty").asBoolean() ? " (dirty)" : "",
        env.path("java").path("version").asText(), env.path("cpu").path("model").asText(), env.path("cpu").path("cores").asInt(),
        env.path("gpu").asText());
  }

  private static String html(JsonNode m, AblationTable t, List<Figure> figures) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(Html.escape(m.path("experiment").path("name").asText())).append(" report</title>\n<style>")
        .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
        .append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}")
        .append("tr.baseline{background:#eef6ff}td.pos{color:#1a7f37}td.neg{color:#b42318}</style></head><body>\n");
    sb.append("<h1>").append(Html.escape(m.path("experiment").path("name").asText())).append("</h1>\n<p>run ")
        .append(Html.escape(m.path("run").asText())).append(". ").append(Html.escape(summaryLine(m).replace("**", "")))
        .append("</p>\n<h2>Ablation table</h2>\n<p>Mean ± sample std over seeds; Δ to the baseline row.</p>\n")
        .append("<table id=\"ablation\"><thead><tr><th>row</th>");
    t.columns().forEach(c -> sb.append("<th>").append(Html.escape(c)).append("</th><th>Δ</th>"));
    sb.append("</tr></thead><tbody>\n");
    for (int r = 0; r < t.rows().size(); r++) {
      AblationTable.Row row = t.rows().get(r);
      sb.append(r == t.baseline() ? "<tr class=\"baseline\">" : "<tr>").append("<td>").append(Html.escape(row.label())).append("</td>");
      for (String c : t.columns()) {
        String d = delta(t, row, c);
        // Green is better: higher accuracy, lower loss; zero is neutral.
        boolean lowerIsBetter = AblationTable.lowerIsBetter(c);
        boolean up = d.startsWith("+") && !d.matches("[+-]0\\.0+");
        boolean down = d.startsWith("-") && !d.matches("[+-]0\\.0+");
        String cls = (up && !lowerIsBetter) || (down && lowerIsBetter) ? " class=\"pos\""
            : (down && !lowerIsBetter) || (up && lowerIsBetter) ? " class=\"neg\"" : "";
        sb.append("<td>").append(Html.escape(cell(t, row, c))).append("</td><td").append(cls).append('>').append(Html.escape(d))
            .append("</td>");
      }
      sb.append("</tr>\n");
    }
    sb.append("</tbody></table>\n");
    String section = null;
    for (Figure f : figures) {
      if (!f.section().equals(section)) {
        section = f.section();
        sb.append("<h2>").append(Html.escape(section)).append("</h2>\n");
      }
      sb.append("<figure id=\"").append(f.id()).append("\">").append(f.svg()).append("</figure>\n");
    }
    sb.append("<h2>Stages</h2>\n<table id=\"stages\"><thead><tr><th>stage</th><th>status</th><th>seconds</th><th>reason</th></tr>"
        + "</thead><tbody>\n");
    m.get("instances").forEach(i -> sb.append("<tr><td>").append(Html.escape(i.path("label").asText())).append("</td><td>")
        .append(Html.escape(i.path("status").asText())).append("</td><td>").append(Html.escape(i.path("seconds").asText("")))
        .append("</td><td style=\"text-align:left\">").append(Html.escape(i.path("reason").asText(""))).append("</td></tr>\n"));
    sb.append("</tbody></table>\n</body></html>\n");
    return sb.toString();
  }
}
