package org.constcl.workflows.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.constcl.tfmodel.run.RunLayout;
import org.constcl.workflows.plan.CanonicalJson;

/** Training loss per step of every trained cell (from each train artifact's metrics log, {@link RunLayout}), drawn as SVG. */
public final class TrainingCurves {
  private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
      "#7f7f7f", "#bcbd22", "#17becf"};

  private final Map<String, List<double[]>> curves = new LinkedHashMap<>();

  public TrainingCurves(JsonNode manifest, String metric) {
    for (JsonNode cell : manifest.get("cells")) {
      String key = cell.path("stages").path("train").asText(null);
      if (key == null) {
        continue;
      }
      String dir = manifest.path("instances").path(key).path("artifact").path("path").asText(null);
      Path log = dir == null ? null : RunLayout.of(Path.of(dir)).metrics();
      if (log == null || !Files.isRegularFile(log)) {
        continue;
      }
      List<double[]> points = new ArrayList<>();
      try {
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
          JsonNode n = CanonicalJson.JSON.readTree(line);
          if (n.has(metric)) {
            points.add(new double[] {n.get("step").asDouble(), n.get(metric).asDouble()});
          }
        }
      } catch (IOException e) {
        continue; // a missing curve is shown as missing, not as an error
      }
      if (!points.isEmpty()) {
        curves.put(cell.get("id").asText(), points);
      }
    }
  }

  public boolean isEmpty() {
    return curves.isEmpty();
  }

  public int size() {
    return curves.size();
  }

  /** A standalone SVG line chart with axes and a legend. */
  public String svg(String title) {
    int w = 760;
    int h = 360;
    int left = 60;
    int right = 200;
    int top = 30;
    int bottom = 40;
    double maxX = 1;
    double minY = Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (List<double[]> c : curves.values()) {
      for (double[] p : c) {
        maxX = Math.max(maxX, p[0]);
        if (Double.isFinite(p[1])) {
          minY = Math.min(minY, p[1]);
          maxY = Math.max(maxY, p[1]);
        }
      }
    }
    if (minY == Double.MAX_VALUE) {
      minY = 0;
      maxY = 1;
    }
    if (maxY - minY < 1e-9) {
      maxY = minY + 1;
    }
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
        + " font-family=\"sans-serif\" font-size=\"11\">%n", w, h, w, h));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"13\">%s</text>%n", left, Html.escape(title)));
    int pw = w - left - right;
    int ph = h - top - bottom;
    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
        left, top, pw, ph));
    for (int t = 0; t <= 4; t++) {
      double y = minY + (maxY - minY) * t / 4;
      double py = top + ph - (y - minY) / (maxY - minY) * ph;
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.3g</text>%n", left - 4, py + 4, y));
      double x = maxX * t / 4;
      double px = left + x / maxX * pw;
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f</text>%n", px, top + ph + 14, x));
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">step</text>%n", left + pw / 2, h - 6));
    int k = 0;
    for (Map.Entry<String, List<double[]>> c : curves.entrySet()) {
      String colour = COLOURS[k % COLOURS.length];
      StringBuilder pts = new StringBuilder();
      for (double[] p : c.getValue()) {
        if (Double.isFinite(p[1])) {
          pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + p[0] / maxX * pw, top + ph - (p[1] - minY) / (maxY - minY) * ph));
        }
      }
      s.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n", colour,
          pts.toString().strip()));
      int ly = top + 12 + k * 16;
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>%n",
          left + pw + 10, ly - 4, left + pw + 28, ly - 4, colour));
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", left + pw + 32, ly, Html.escape(c.getKey())));
      k++;
    }
    s.append("</svg>\n");
    return s.toString();
  }
}
