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
import org.constcl.workflows.report.SweepManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep's TensorBoard folder read back by an independent reader ({@link HParamsReader}): every
 * cell and baseline, every hyper-parameter with its grid domain, every metric with its value, the
 * statuses, the copied training curves; and the same bytes from the same manifest.
 */
class RunTensorBoardTest {
  @TempDir Path dir;

  @Test
  void everyCellHyperParameterAndMetricIsReadBack() throws Exception {
    ObjectNode m = SweepManifest.manifest(SweepManifest.trainEvents(dir));
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
    for (String regions : SweepManifest.REGIONS) {
      for (double lr : SweepManifest.LRS) {
        for (int seed : SweepManifest.SEEDS) {
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
    for (int seed : SweepManifest.SEEDS) {
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
