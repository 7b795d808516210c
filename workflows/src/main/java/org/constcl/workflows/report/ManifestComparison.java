package org.constcl.workflows.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.store.MaterialDiff;

/**
 * Explains why two runs or cells differ: environment and config keys first, then the cell's stage
 * DAG walked from its roots to the first stage that differs by itself (code, config, external
 * input), the stages that differ only because an input did, and the metric deltas that follow.
 */
public final class ManifestComparison {
  private final ManifestFile a;
  private final ManifestFile b;
  private final boolean all;
  /** Environment differences that change floating-point results: CPU, GPU, OS, Java, libraries. */
  private final List<String> machineDifferences;

  public ManifestComparison(ManifestFile a, ManifestFile b, boolean all) {
    this.a = a;
    this.b = b;
    this.all = all;
    this.machineDifferences = MaterialDiff.configDiff(a.json().path("environment"), b.json().path("environment"), "")
        .stream().filter(d -> d.startsWith("cpu.") || d.startsWith("gpu") || d.startsWith("os.")
            || d.startsWith("java.") || d.startsWith("dependencies."))
        .toList();
  }

  public ObjectNode compare() {
    ObjectNode out = CanonicalJson.JSON.createObjectNode();
    out.put("a", a.path() + (a.cell() != null ? "#" + a.cell() : ""));
    out.put("b", b.path() + (b.cell() != null ? "#" + b.cell() : ""));
    ArrayNode env = out.putArray("environment");
    MaterialDiff.configDiff(a.json().path("environment"), b.json().path("environment"), "").forEach(env::add);
    ArrayNode cells = out.putArray("cells");
    for (String[] pair : pairs(out)) {
      ObjectNode c = compareCells(pair[0], pair[1]);
      if (all || c.path("differs").asBoolean()) {
        cells.add(c);
      }
    }
    return out;
  }

  /** Which cells to compare: the two named, or cells with equal ids (the rest listed as one-sided). */
  private List<String[]> pairs(ObjectNode out) {
    List<String[]> pairs = new ArrayList<>();
    if (a.cell() != null || b.cell() != null) {
      pairs.add(new String[] {cellOrOnly(a), cellOrOnly(b)});
      return pairs;
    }
    Set<String> idsA = ids(a.json());
    Set<String> idsB = ids(b.json());
    if (idsA.size() == 1 && idsB.size() == 1) {
      pairs.add(new String[] {idsA.iterator().next(), idsB.iterator().next()});
      return pairs;
    }
    ArrayNode onlyA = out.putArray("only_in_a");
    ArrayNode onlyB = out.putArray("only_in_b");
    for (String id : idsA) {
      if (idsB.contains(id)) {
        pairs.add(new String[] {id, id});
      } else {
        onlyA.add(id);
      }
    }
    idsB.stream().filter(id -> !idsA.contains(id)).forEach(onlyB::add);
    return pairs;
  }

  private static String cellOrOnly(ManifestFile m) {
    if (m.cell() != null) {
      return m.cell();
    }
    Set<String> ids = ids(m.json());
    if (ids.size() != 1) {
      throw new IllegalArgumentException(m.path() + " has " + ids.size() + " cells; name one as " + m.path() + "#<cell>");
    }
    return ids.iterator().next();
  }

  private static Set<String> ids(JsonNode manifest) {
    Set<String> ids = new LinkedHashSet<>();
    manifest.get("cells").forEach(c -> ids.add(c.get("id").asText()));
    return ids;
  }

  private ObjectNode compareCells(String idA, String idB) {
    JsonNode ca = ManifestFile.cellNode(a.json(), idA);
    JsonNode cb = ManifestFile.cellNode(b.json(), idB);
    ObjectNode o = CanonicalJson.JSON.createObjectNode();
    o.put("a", idA);
    o.put("b", idB);
    ArrayNode config = o.putArray("config");
    MaterialDiff.configDiff(ca.path("config"), cb.path("config"), "").forEach(config::add);
    ArrayNode stages = o.putArray("stages");
    boolean stageDiffers = false;
    String first = null;
    Set<String> roles = new LinkedHashSet<>();
    ca.path("stages").fieldNames().forEachRemaining(roles::add);
    cb.path("stages").fieldNames().forEachRemaining(roles::add);
    for (String role : roles) {
      String ka = ca.path("stages").path(role).asText(null);
      String kb = cb.path("stages").path(role).asText(null);
      ObjectNode s = CanonicalJson.JSON.createObjectNode();
      s.put("role", role);
      if (ka == null || kb == null) {
        s.put("status", ka == null ? "only in b" : "only in a");
        stages.add(s);
        continue;
      }
      JsonNode ia = a.instance(ka);
      JsonNode ib = b.instance(kb);
      s.put("label", ia.path("label").asText());
      if (ka.equals(kb)) {
        s.put("status", "same");
        s.put("key", ka.substring(0, 12));
        String da = ia.path("artifact").path("digest").asText("");
        String db = ib.path("artifact").path("digest").asText("");
        if (!da.isEmpty() && !db.isEmpty() && !da.equals(db)) {
          s.put("status", "same key, different output");
          boolean bothBuilt = ia.path("status").asText().equals("built") && ib.path("status").asText().equals("built");
          s.put("note", "artifact digests " + da.substring(0, 12) + " vs " + db.substring(0, 12) + ": "
              + (bothBuilt && !machineDifferences.isEmpty()
                  ? "each run built it, on different machines (" + String.join(", ", machineDifferences) + "); floating-point"
                      + " results depend on the CPU's kernels and thread count (a training's train.threads: 0 takes"
                      + " one per core)"
                  : "the stage is not deterministic, or one artifact was rebuilt"));
        }
        if (all || s.get("status").asText().startsWith("same key,")) {
          stages.add(s);
        }
        continue;
      }
      List<String> own = new ArrayList<>();
      List<String> inherited = new ArrayList<>();
      if (!ia.path("code").asText().equals(ib.path("code").asText())) {
        own.add("code fingerprint " + ia.path("code").asText().substring(0, 12) + " -> " + ib.path("code").asText().substring(0, 12));
      }
      own.addAll(MaterialDiff.configDiff(ia.path("config"), ib.path("config"), "config "));
      Set<String> inputs = new LinkedHashSet<>();
      ia.path("inputs").fieldNames().forEachRemaining(inputs::add);
      ib.path("inputs").fieldNames().forEachRemaining(inputs::add);
      for (String in : inputs) {
        JsonNode xa = ia.path("inputs").path(in);
        JsonNode xb = ib.path("inputs").path(in);
        if (xa.has("key") || xb.has("key")) {
          if (!xa.path("key").asText().equals(xb.path("key").asText())) {
            inherited.add("input " + in + " (" + a.instance(xa.path("key").asText()).path("label").asText("?") + ") differs");
          }
        } else if (!xa.path("digest").asText().equals(xb.path("digest").asText())) {
          own.add("input " + in + " content " + shortDigest(xa) + " (" + xa.path("path").asText() + ") -> " + shortDigest(xb)
              + " (" + xb.path("path").asText() + ")");
        }
      }
      s.put("status", own.isEmpty() ? "differs through its inputs" : "differs");
      own.forEach(s.putArray("because")::add);
      inherited.forEach(s.withArray("because")::add);
      if (!own.isEmpty() && first == null) {
        first = role;
        s.put("first_difference", true);
      }
      stages.add(s);
      stageDiffers = true;
    }
    if (first != null) {
      o.put("first_differing_stage", first);
    }
    ArrayNode metrics = o.putArray("metrics");
    ArrayNode values = o.putArray("metric_values");
    ca.path("metrics").fields().forEachRemaining(e -> {
      JsonNode mb = cb.path("metrics").path(e.getKey());
      e.getValue().fields().forEachRemaining(m -> {
        JsonNode vb = mb.path(m.getKey());
        if (m.getValue().isNumber() && vb.isNumber()) {
          double d = vb.asDouble() - m.getValue().asDouble();
          if (all || d != 0) {
            metrics.add(String.format(Locale.ROOT, "%s %s: %s -> %s (%+.4g)", e.getKey(), m.getKey(), num(m.getValue()),
                num(vb), d));
            values.addObject().put("role", e.getKey()).put("metric", m.getKey()).put("a", m.getValue().asDouble())
                .put("b", vb.asDouble()).put("delta", d);
          }
        }
      });
    });
    o.put("differs", config.size() > 0 || stageDiffers || stages.findValuesAsText("status").stream()
        .anyMatch(x -> x.startsWith("same key,")) || metrics.size() > 0);
    return o;
  }

  private static String shortDigest(JsonNode x) {
    String d = x.path("digest").asText("none");
    return d.length() > 12 ? d.substring(0, 12) : d;
  }

  private static String num(JsonNode v) {
    return v.isIntegralNumber() ? v.asText() : String.format(Locale.ROOT, "%.4f", v.asDouble());
  }

  /** The comparison as readable text. */
  public static String text(ObjectNode c) {
    StringBuilder sb = new StringBuilder();
    sb.append("a: ").append(c.get("a").asText()).append('\n').append("b: ").append(c.get("b").asText()).append('\n');
    if (c.get("environment").size() > 0) {
      sb.append("environment:\n");
      c.get("environment").forEach(e -> sb.append("  ").append(e.asText()).append('\n'));
    }
    for (String side : new String[] {"only_in_a", "only_in_b"}) {
      if (c.path(side).size() > 0) {
        sb.append("cells ").append(side.replace('_', ' ')).append(": ");
        List<String> ids = new ArrayList<>();
        c.get(side).forEach(x -> ids.add(x.asText()));
        sb.append(String.join(", ", ids)).append('\n');
      }
    }
    if (c.get("cells").isEmpty()) {
      sb.append("no differences in the cells compared\n");
    }
    for (JsonNode cell : c.get("cells")) {
      sb.append('\n').append("cell ").append(cell.get("a").asText());
      if (!cell.get("a").asText().equals(cell.get("b").asText())) {
        sb.append(" vs ").append(cell.get("b").asText());
      }
      sb.append('\n');
      if (cell.get("config").size() > 0) {
        sb.append("  config:\n");
        cell.get("config").forEach(x -> sb.append("    ").append(x.asText()).append('\n'));
      }
      sb.append("  stages:\n");
      for (JsonNode s : cell.get("stages")) {
        sb.append("    ").append(s.path("role").asText()).append(" (").append(s.path("label").asText()).append("): ")
            .append(s.path("status").asText());
        if (s.path("first_difference").asBoolean()) {
          sb.append("  <- first difference");
        }
        sb.append('\n');
        s.path("because").forEach(x -> sb.append("      ").append(x.asText()).append('\n'));
        if (s.has("note")) {
          sb.append("      ").append(s.get("note").asText()).append('\n');
        }
      }
      if (cell.get("metrics").size() > 0) {
        sb.append("  metrics:\n");
        cell.get("metrics").forEach(x -> sb.append("    ").append(x.asText()).append('\n'));
      }
    }
    return sb.toString();
  }
}
