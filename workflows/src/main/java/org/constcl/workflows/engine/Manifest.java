package org.constcl.workflows.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.constcl.transforms.io.FileDigest;
import org.constcl.workflows.experiment.Cell;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.plan.Plan;
import org.constcl.workflows.plan.StageInput;
import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.stage.StageResult;
import org.constcl.workflows.store.MissReason;

/**
 * The JSON record of a run (docs/experiments.md, "Manifests"): environment, every cell's resolved
 * config with its stages and metrics, and every instance's key material, status, reason, timing
 * and artifact digest. Rewritten atomically after every change, so a killed run leaves a valid one.
 */
final class Manifest {
  private final Path file;
  private boolean changed;
  private final ObjectNode root = CanonicalJson.JSON.createObjectNode();

  /** The manifest as it stands (not a copy: read it, do not change it). */
  JsonNode json() {
    return root;
  }

  Manifest(Path file, String run, Plan plan, RunOptions options, Path store) throws IOException {
    this.file = file;
    root.put("format", 2);
    root.put("run", run);
    ObjectNode exp = root.putObject("experiment");
    exp.put("name", plan.experiment().name());
    exp.put("file", plan.experiment().file().toString());
    ArrayNode files = exp.putArray("files");
    for (Path p : plan.experiment().files()) {
      files.addObject().put("path", p.toString()).put("sha256", FileDigest.sha256Hex(p));
    }
    plan.experiment().overrides().forEach(exp.putArray("overrides")::add);
    for (String k : new String[] {"grid", "report"}) {
      if (plan.experiment().tree().root().has(k)) {
        exp.set(k, plan.experiment().tree().root().get(k));
      }
    }
    root.put("status", "running");
    root.put("started", java.time.Instant.now().toString());
    root.put("store", store.toString());
    ObjectNode o = root.putObject("options");
    o.put("flink_master", options.flinkMaster() == null ? "[local]" : options.flinkMaster());
    o.put("runner", options.runner() == null ? "auto" : options.runner());
    o.put("parallelism", options.parallelism());
    o.put("max_beam_jobs", options.maxBeamJobs());
    o.put("max_train_jobs", options.maxTrainJobs());
    o.put("warm_workers", options.warmWorkers() && !options.remote());
    if (options.remote()) {
      o.put("cluster_restarts", options.clusterRestarts());
      o.put("stage_gpus", options.stageGpus());
    }
    root.set("environment", Environment.probe());
    ArrayNode cells = root.putArray("cells");
    for (Cell c : plan.cells()) {
      ObjectNode n = cells.addObject();
      n.put("id", c.id());
      n.put("group", c.group());
      ObjectNode axes = n.putObject("axes");
      c.axes().forEach(axes::set);
      if (c.seed() != null) {
        n.put("seed", c.seed());
      }
      n.set("config", CanonicalJson.sorted(c.config()));
      ObjectNode stages = n.putObject("stages");
      plan.cellRoles().get(c.id()).forEach((role, i) -> stages.put(role, i.key()));
      n.putObject("metrics");
    }
    ObjectNode inst = root.putObject("instances");
    for (StageInstance i : plan.instances()) {
      ObjectNode n = inst.putObject(i.key());
      n.put("kind", i.kind());
      n.put("label", i.label());
      n.put("code", i.fingerprint());
      n.set("config", i.config());
      ObjectNode in = n.putObject("inputs");
      i.inputs().forEach((name, v) -> {
        if (v instanceof StageInput.Upstream u) {
          in.putObject(name).put("key", u.instance().key());
        } else if (v instanceof StageInput.External x) {
          in.putObject(name).put("path", x.path().toString()).put("digest", x.digest());
        }
      });
      i.cells().forEach(n.putArray("cells")::add);
      n.put("status", "waiting");
    }
  }

  synchronized void update(InstanceState s, Map<String, Map<String, StageInstance>> roles) {
    changed = true;
    ObjectNode n = (ObjectNode) root.get("instances").get(s.instance.key());
    n.put("status", s.phase.name().toLowerCase());
    n.put("reason", s.reason);
    if (s.cache != null && !s.cache.hit()) {
      n.put("miss", s.cache.reason().name().toLowerCase(java.util.Locale.ROOT));
    }
    if (s.estimate != null) {
      n.put("estimate_seconds", Math.round(s.estimate * 10) / 10.0);
    }
    if (s.phase == InstanceState.Phase.BUILT || s.phase == InstanceState.Phase.FAILED) {
      n.put("seconds", Math.round(s.seconds * 10) / 10.0);
    }
    if (s.log != null) {
      n.put("log", s.log);
    }
    if (s.clusterJob != null) {
      ObjectNode c = n.putObject("cluster");
      c.put("job", s.clusterJob);
      com.fasterxml.jackson.databind.node.ArrayNode list = c.putArray("attempts");
      for (org.constcl.workflows.cluster.Attempt a : s.attempts) {
        ObjectNode o = list.addObject().put("task", a.task()).put("attempt", a.attempt()).put("host", a.host())
            .put("taskmanager_pid", a.taskManagerPid()).put("gpus", a.gpus());
        if (a.exit() == null) {
          o.putNull("exit");
        } else {
          o.put("exit", a.exit());
        }
      }
    }
    if (s.artifact != null) {
      n.putObject("artifact").put("path", s.artifact.dir().toString()).put("digest", s.artifact.digest())
          .put("built_seconds", s.artifact.seconds());
      ObjectNode in = (ObjectNode) n.get("inputs");
      s.artifact.record().path("inputs").fields().forEachRemaining(e -> {
        if (in.has(e.getKey()) && e.getValue().has("digest")) {
          ((ObjectNode) in.get(e.getKey())).put("digest", e.getValue().get("digest").asText());
        }
      });
      ObjectNode metrics = CanonicalJson.JSON.createObjectNode();
      try {
        StageResult r = s.instance.stage().result(s.artifact.dir());
        metrics.setAll(metrics(r));
        r.tableColumns().forEach(n.putArray("table")::add);
      } catch (IOException | RuntimeException e) {
        metrics.put("error", "cannot read metrics: " + e.getMessage());
      }
      n.set("metrics", metrics);
      for (JsonNode cell : root.get("cells")) {
        roles.get(cell.get("id").asText()).forEach((role, i) -> {
          if (i == s.instance) {
            ((ObjectNode) cell.get("metrics")).set(role, metrics);
          }
        });
      }
    }
  }

  /** A stage's result as the manifest records it: counts as integers, non-finite values left out. */
  private static ObjectNode metrics(StageResult r) {
    ObjectNode m = CanonicalJson.JSON.createObjectNode();
    r.metrics().forEach((k, v) -> {
      if (v != null && Double.isFinite(v)) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15 && !r.tableColumns().contains(k)) {
          m.put(k, v.longValue());
        } else {
          m.put(k, v);
        }
      }
    });
    return m;
  }

  /**
   * The run's end: its status, instances by phase, and cache misses by reason (null when the run was
   * interrupted before deciding).
   */
  synchronized void finish(String status, Map<String, Long> counts, double seconds, Map<MissReason, Long> misses) {
    root.put("status", status);
    root.put("finished", java.time.Instant.now().toString());
    root.put("seconds", Math.round(seconds * 10) / 10.0);
    ObjectNode s = root.putObject("summary");
    counts.forEach(s::put);
    if (misses != null) {
      ObjectNode c = root.putObject("cache_misses");
      misses.forEach((r, n) -> c.put(r.name().toLowerCase(java.util.Locale.ROOT), n));
    }
  }

  /** Writes the manifest if an instance changed since the last write. */
  synchronized void writeIfChanged() {
    if (changed) {
      write();
    }
  }

  synchronized void write() {
    changed = false;
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, CanonicalJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write the manifest " + file, e);
    }
  }

  Path file() {
    return file;
  }
}
