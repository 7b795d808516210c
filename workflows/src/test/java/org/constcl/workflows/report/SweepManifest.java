package org.constcl.workflows.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import org.constcl.tfmodel.loop.EventFileWriter;
import org.constcl.workflows.plan.CanonicalJson;

/** A sweep's manifest as the engine writes it, for tests of what reads manifests: a 2 × 2 grid with 2 seeds. */
public final class SweepManifest {
  private SweepManifest() {}

  public static final String[] REGIONS = {"random", "slic"};
  public static final double[] LRS = {0.1, 0.2};
  public static final int[] SEEDS = {1, 2};

  /** A 2 × 2 grid with 2 seeds: 8 cells, one random-init baseline per seed, one failed evaluation. */
  public static ObjectNode manifest(Path trainEvents) {
    ObjectNode m = CanonicalJson.JSON.createObjectNode();
    m.put("run", "20261204-100000-ablation").put("started", "2026-12-04T10:00:00.250Z").put("finished", "2026-12-04T10:05:00Z");
    ObjectNode exp = m.putObject("experiment").put("name", "ablation").put("file", "/x/ablation.yaml");
    ObjectNode axes = exp.putObject("grid").putObject("axes");
    axes.putArray("pretrain.regions").add("random").add("slic");
    // The learning rate as a zipped group of one axis: the format's other way to vary a key.
    exp.withObject("/grid").putArray("zip").addObject().putArray("pretrain.train.lr").add(0.1).add(0.2);
    exp.withObject("/grid").putArray("seeds").add(1).add(2);
    ObjectNode instances = m.putObject("instances");
    var cells = m.putArray("cells");
    for (int seed : SEEDS) {
      ObjectNode base = instances.putObject("R" + seed).put("status", "cached");
      base.putArray("table").add("top1").add("top5");
    }
    int n = 0;
    for (String regions : REGIONS) {
      for (double lr : LRS) {
        for (int seed : SEEDS) {
          String id = "regions=" + regions + ",lr=" + lr + ",seed=" + seed;
          ObjectNode c = cells.addObject().put("id", id).put("group", "regions=" + regions + ",lr=" + lr).put("seed", seed);
          c.putObject("axes").put("pretrain.regions", regions).put("pretrain.train.lr", lr);
          c.putObject("stages").put("train", "T" + n).put("eval:speed-linear", "E" + n).put("eval-random-init:speed-linear", "R" + seed);
          ObjectNode train = instances.putObject("T" + n).put("status", "built");
          train.putArray("table").add("final_loss").add("final_accuracy");
          if (n == 0) {
            train.putObject("artifact").put("path", trainEvents.getParent().toString());
          }
          boolean failed = n == 5;
          ObjectNode eval = instances.putObject("E" + n).put("status", failed ? "failed" : "built");
          eval.putArray("table").add("top1").add("top5");
          ObjectNode metrics = c.putObject("metrics");
          metrics.putObject("train").put("steps", 6).put("final_loss", 2.0 + n / 10.0).put("final_accuracy", 0.5);
          if (!failed) {
            metrics.putObject("eval:speed-linear").put("top1", 0.5 + n / 100.0).put("top5", 0.9).put("frames_per_second", 3.5);
          }
          metrics.putObject("eval-random-init:speed-linear").put("top1", 0.3 + seed / 100.0).put("top5", 0.7);
          n++;
        }
      }
    }
    return m;
  }

  /** A training's event file with a 3-step loss curve, as the trainer writes it. */
  public static Path trainEvents(Path dir) throws java.io.IOException {
    Path events = dir.resolve("artifacts/train/T0/events");
    try (EventFileWriter w = new EventFileWriter(events.resolve("events.out.tfevents.1796378400.constcl"), 1796378400.0)) {
      for (int step = 1; step <= 3; step++) {
        w.scalars(step, Map.of("loss", 4.0 - step));
      }
    }
    return events;
  }
}
