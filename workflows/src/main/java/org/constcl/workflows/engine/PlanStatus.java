package org.constcl.workflows.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.plan.Plan;
import org.constcl.workflows.plan.StageInput;
import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.stage.Resource;
import org.constcl.workflows.store.ArtifactStore;
import org.constcl.workflows.store.CacheChecker;
import org.constcl.workflows.store.CacheDecision;
import org.constcl.workflows.store.MissReason;

/** What {@code constcl plan} shows: every instance cached or to run, with the reason, and the time estimate. */
public final class PlanStatus {
  /** One instance's status; {@code decision} is the cache checker's. */
  public record Entry(StageInstance instance, boolean cached, String reason, CacheDecision decision, Double estimate) {}

  private final Plan plan;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  public PlanStatus(Plan plan, ArtifactStore store) {
    this.plan = plan;
    TimeEstimator estimator = new TimeEstimator(store.timings());
    CacheChecker checker = new CacheChecker(store);
    Map<String, CacheDecision> hits = new HashMap<>();
    for (StageInstance i : plan.instances()) {
      Map<String, String> digests = new HashMap<>();
      boolean upstreamReady = true;
      for (Map.Entry<String, StageInput> in : i.inputs().entrySet()) {
        if (in.getValue() instanceof StageInput.Upstream u) {
          CacheDecision l = hits.get(u.instance().key());
          if (l == null || !l.hit()) {
            upstreamReady = false;
          } else {
            digests.put(in.getKey(), l.artifact().digest());
          }
        }
      }
      CacheDecision l = checker.check(i, upstreamReady ? digests : Map.of());
      hits.put(i.key(), l);
      boolean cached = l.hit() && upstreamReady;
      String reason = l.text();
      CacheDecision shown = l;
      if (l.hit() && !upstreamReady) {
        reason = "stored, kept if its rebuilt inputs reproduce their digests";
        shown = CacheDecision.miss(MissReason.INPUT_CHANGED, List.of("an upstream instance runs first"), reason);
      }
      entries.put(i.key(), new Entry(i, cached, reason, shown, cached ? null : estimator.estimate(i)));
    }
  }

  public long toRun() {
    return entries.values().stream().filter(e -> !e.cached()).count();
  }

  public void print(PrintWriter out, ArtifactStore store) {
    int merged = plan.cellRoles().values().stream().mapToInt(Map::size).sum();
    out.printf(Locale.ROOT, "experiment %s (%s): %d cells, %d stage instances (%d before merging equal ones)%n",
        plan.experiment().name(), plan.experiment().file(), plan.cells().size(), plan.instances().size(), merged);
    out.printf("store: %s%n%n", store.location());
    for (Entry e : entries.values()) {
      StageInstance i = e.instance();
      String deps = i.upstream().isEmpty() ? "" : "  <- " + String.join(", ", i.upstream().stream().map(StageInstance::label).toList());
      out.printf(Locale.ROOT, "%s %-40s %-7s %s%s%n     %s%s%n", e.cached() ? "✓" : "·", i.label(), i.shortKey(),
          e.cached() ? "cached" : "to run", e.estimate() != null ? " (~" + RunView.duration(e.estimate()) + ")" : "",
          e.reason(), deps);
    }
    out.println();
    out.println("cells:");
    plan.cellRoles().forEach((cell, roles) -> out.printf("  %s: %s%n", cell,
        String.join(" -> ", roles.values().stream().map(StageInstance::label).toList())));
    out.println();
    out.println(cacheLine());
    out.println(estimateLine());
    out.flush();
  }

  /** Hits and misses by reason, as Bazel's explain counts them. */
  public String cacheLine() {
    return CacheChecker.summary(entries.values().stream().map(Entry::decision).toList());
  }

  /** e.g. "to run: 6 of 19 instances, about 4m30s (Beam 1m10s and TensorFlow 4m30s side by side); no past timing for 2". */
  public String estimateLine() {
    double beam = 0;
    double tf = 0;
    int unknown = 0;
    for (Entry e : entries.values()) {
      if (e.cached()) {
        continue;
      }
      if (e.estimate() == null) {
        unknown++;
      } else if (e.instance().stage().resource() == Resource.TENSORFLOW) {
        tf += e.estimate();
      } else {
        beam += e.estimate();
      }
    }
    if (toRun() == 0) {
      return "to run: nothing (" + entries.size() + " of " + entries.size() + " instances cached)";
    }
    if (unknown == toRun()) {
      return "to run: " + toRun() + " of " + entries.size() + " instances; no estimate yet (no past run of their kinds in this store)";
    }
    return String.format(Locale.ROOT, "to run: %d of %d instances, about %s (Beam %s and TensorFlow %s side by side)%s",
        toRun(), entries.size(), RunView.duration(Math.max(beam, tf)), RunView.duration(beam), RunView.duration(tf),
        unknown > 0 ? "; no past timing for " + unknown + " (first run of their kind in this store)" : "");
  }

  public ObjectNode json() {
    ObjectNode o = CanonicalJson.JSON.createObjectNode();
    o.put("experiment", plan.experiment().name());
    o.put("cells", plan.cells().size());
    o.put("instances", plan.instances().size());
    o.put("to_run", toRun());
    o.put("estimate", estimateLine());
    o.put("cache", cacheLine());
    ObjectNode misses = o.putObject("misses");
    CacheChecker.countMisses(entries.values().stream().map(Entry::decision).toList())
        .forEach((r, n) -> misses.put(r.name().toLowerCase(Locale.ROOT), n));
    ArrayNode a = o.putArray("plan");
    for (Entry e : entries.values()) {
      ObjectNode n = a.addObject();
      n.put("key", e.instance().key());
      n.put("kind", e.instance().kind());
      n.put("label", e.instance().label());
      n.put("status", e.cached() ? "cached" : "to_run");
      n.put("reason", e.reason());
      if (!e.decision().hit()) {
        n.put("miss", e.decision().reason().name().toLowerCase(Locale.ROOT));
      }
      if (e.estimate() != null) {
        n.put("estimate_seconds", e.estimate());
      }
      ArrayNode up = n.putArray("upstream");
      e.instance().upstream().forEach(u -> up.add(u.key()));
      ArrayNode cells = n.putArray("cells");
      e.instance().cells().forEach(cells::add);
    }
    ObjectNode cells = o.putObject("cell_stages");
    plan.cellRoles().forEach((cell, roles) -> {
      ObjectNode c = cells.putObject(cell);
      roles.forEach((role, i) -> c.put(role, i.key()));
    });
    return o;
  }
}
