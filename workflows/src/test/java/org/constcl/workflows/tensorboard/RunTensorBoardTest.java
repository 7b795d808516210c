package org.constcl.workflows.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.constcl.tfmodel.loop.EventFileWriter;
import org.constcl.workflows.plan.CanonicalJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep's TensorBoard folder read back by an independent reader ({@link HParamsReader}): every
 * cell and baseline, every hyper-parameter with its grid domain, every metric with its value, the
 * statuses, the copied training curves; and the same bytes from the same manifest.
 */
class RunTensorBoardTest {
  @TempDir Path dir;

  static final String[] REGIONS = {"random", "slic"};
  static final double[] LRS = {0.1, 0.2};
  static final int[] SEEDS = {1, 2};

  /** A 2 × 2 grid with 2 seeds: 8 cells, one random-init baseline per seed, one failed evaluation. */
  static ObjectNode manifest(Path trainEvents) {
    ObjectNode m = CanonicalJson.JSON.createObjectNode();
    m.put("run", "20261204-100000-ablation").put("started", "2026-12-04T10:00:00.250Z").put("finished", "2026-12-04T10:05:00Z");
    ObjectNode exp = m.putObject("experiment").put("name", "ablation").put("file", "/x/ablation.yaml");
    ObjectNode axes = exp.putObject("grid").putObject("axes");
    axes.putArray("pretrain.regions").add("random").add("slic");
    axes.putArray("pretrain.train.lr").add(0.1).add(0.2);
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
  static Path trainEvents(Path dir) throws java.io.IOException {
    Path events = dir.resolve("artifacts/train/T0/events");
    try (EventFileWriter w = new EventFileWriter(events.resolve("events.out.tfevents.1796378400.constcl"), 1796378400.0)) {
      for (int step = 1; step <= 3; step++) {
        w.scalars(step, Map.of("loss", 4.0 - step));
      }
    }
    return events;
  }

  @Test
  void everyCellHyperParameterAndMetricIsReadBack() throws Exception {
    ObjectNode m = manifest(trainEvents(dir));
    Path run = dir.resolve("runs/r");
    Path root = RunTensorBoard.write(m, run);
    assertThat(root).isEqualTo(run.resolve("tensorboard"));

    HParamsReader tb = new HParamsReader(root);
    assertThat(tb.experiment.name()).isEqualTo("ablation");
    assertThat(tb.experiment.hparams().keySet()).containsExactly("pretrain.regions", "pretrain.train.lr", "seed", "init");
    assertThat(tb.experiment.hparams().get("pretrain.regions")).extracting(Value::getStringValue).containsExactly("random", "slic");
    assertThat(tb.experiment.hparams().get("pretrain.train.lr")).extracting(Value::getNumberValue).containsExactly(0.1, 0.2);
    assertThat(tb.experiment.hparams().get("seed")).extracting(Value::getNumberValue).containsExactly(1.0, 2.0);
    assertThat(tb.experiment.hparams().get("init")).extracting(Value::getStringValue).containsExactly("pre-trained", "random");
    assertThat(tb.experiment.metricTags()).containsExactly("pretrain/final_loss", "pretrain/final_accuracy", "speed-linear/top1",
        "speed-linear/top5");

    assertThat(tb.runs).hasSize(8 + 2);
    int n = 0;
    for (String regions : REGIONS) {
      for (double lr : LRS) {
        for (int seed : SEEDS) {
          String id = "regions=" + regions + ",lr=" + lr + ",seed=" + seed;
          HParamsReader.Run r = tb.runs.get(id);
          assertThat(r).as(id).isNotNull();
          assertThat(r.groupName()).isEqualTo(id);
          assertThat(r.hparams().get("pretrain.regions").getStringValue()).isEqualTo(regions);
          assertThat(r.hparams().get("pretrain.train.lr").getNumberValue()).isEqualTo(lr);
          assertThat(r.hparams().get("seed").getNumberValue()).isEqualTo(seed);
          assertThat(r.hparams().get("init").getStringValue()).isEqualTo("pre-trained");
          assertThat(last(r, "pretrain/final_loss")).isCloseTo(2.0 + n / 10.0, within(1e-6));
          assertThat(r.scalars().get("pretrain/final_loss").get(0)[0]).isEqualTo(6); // at the cell's last training step
          if (n == 5) {
            assertThat(r.status()).isEqualTo(2); // STATUS_FAILURE
            assertThat(r.scalars()).doesNotContainKey("speed-linear/top1");
          } else {
            assertThat(r.status()).isEqualTo(1); // STATUS_SUCCESS
            assertThat(last(r, "speed-linear/top1")).isCloseTo(0.5 + n / 100.0, within(1e-6));
            assertThat(last(r, "speed-linear/top5")).isCloseTo(0.9, within(1e-6));
            assertThat(r.scalars()).doesNotContainKey("speed-linear/frames_per_second"); // not in the stage's table
          }
          n++;
        }
      }
    }
    // The training curves sit beside the first cell's session.
    assertThat(tb.runs.get("regions=random,lr=0.1,seed=1").scalars().get("loss")).extracting(p -> p[0])
        .containsExactly(1.0, 2.0, 3.0);
    for (int seed : SEEDS) {
      HParamsReader.Run b = tb.runs.get("random-init,speed-linear,seed=" + seed);
      assertThat(b.hparams().get("init").getStringValue()).isEqualTo("random");
      assertThat(b.hparams()).doesNotContainKey("pretrain.regions");
      assertThat(last(b, "speed-linear/top1")).isCloseTo(0.3 + seed / 100.0, within(1e-6));
      assertThat(b.scalars().get("speed-linear/top1").get(0)[0]).isZero();
      assertThat(b.status()).isEqualTo(1);
    }

    // The same manifest gives the same bytes (wall times from the manifest, not the clock).
    Map<String, byte[]> first = files(root);
    RunTensorBoard.write(m, run);
    Map<String, byte[]> second = files(root);
    assertThat(second.keySet()).isEqualTo(first.keySet());
    first.forEach((k, v) -> assertThat(second.get(k)).as(k).isEqualTo(v));
  }

  private static double last(HParamsReader.Run r, String tag) {
    List<double[]> points = r.scalars().get(tag);
    assertThat(points).as(tag).isNotEmpty();
    return points.get(points.size() - 1)[1];
  }

  private static Map<String, byte[]> files(Path root) throws Exception {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }
}
