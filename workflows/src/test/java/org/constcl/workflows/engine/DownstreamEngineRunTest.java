package org.constcl.workflows.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.constcl.workflows.cli.CliRunner;
import org.constcl.workflows.plan.CanonicalJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An experiment carrying a (tiny, real) pre-training to the AVA and tracking benchmarks through
 * the engine: sets generated from the bundled samples, eval-ava and eval-track stages for the
 * pre-trained model and a random init, their metrics in the manifest and the report, a second run
 * all cache hits.
 */
@Timeout(900)
class DownstreamEngineRunTest {
  @TempDir Path dir;

  @Test
  void pretrainingFeedsLocalisationAndTrackingAndReRunsFromTheCache() throws Exception {
    String videos = EngineRunTest.repoRoot().resolve("infra/samples/videos").toString();
    Path experiment = Files.writeString(dir.resolve("down.yaml"), """
        name: down
        datasets:
          samples: {videos: %1$s, ingest: {short_side: 96}}
          ava: {make: ava, videos: %1$s, settings: {keyframes: 2, fps: 4, short_side: 64}}
          otb: {make: tracking, videos: %1$s, settings: {layout: otb, frames: 20, short_side: 64}}
          got: {make: tracking, videos: %1$s, settings: {layout: got10k, frames: 20, short_side: 64, seed: 2}}
        pretrain:
          dataset: samples
          regions: online
          train: {preset: cpu-small, steps: 2, config: {data: {clips_per_batch: 2}}}
        benchmarks:
          ava: {protocol: ava, dataset: ava, random_init: true, settings: {epochs: 1, batch: 2, size: 48, threads: 1}}
          otb:
            protocol: track
            dataset: otb
            train_dataset: got
            random_init: true
            settings: {epochs: 1, batch: 2, pairs_per_epoch: 4, exemplar_size: 47, search_size: 95, threads: 1}
        """.formatted(videos));
    Path store = dir.resolve("store");
    CliRunner.Result run = CliRunner.run("run", experiment.toString(), "--store", store.toString(), "--runner=DirectRunner");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    JsonNode manifest = CanonicalJson.JSON.readTree(manifestPath(run.out()).toFile());
    // ingest, train, three generated sets, eval-ava and eval-track for the model and a random init.
    assertThat(count(manifest, "built")).isEqualTo(9);
    JsonNode metrics = manifest.get("cells").get(0).get("metrics");
    assertThat(metrics.get("eval:ava").get("mAP").asDouble()).isBetween(0.0, 1.0);
    assertThat(metrics.get("eval-random-init:ava").get("mAP").asDouble()).isBetween(0.0, 1.0);
    assertThat(metrics.get("eval:otb").get("auc").asDouble()).isBetween(0.0, 1.0);
    assertThat(metrics.get("eval-random-init:otb").get("frames_per_second").asDouble()).isPositive();

    CliRunner.Result report = CliRunner.run("report", manifestPath(run.out()).toString(), "--output", dir.resolve("report").toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    assertThat(Files.readString(dir.resolve("report/report.md"))).contains("ava mAP").contains("otb auc")
        .contains("random init (ava)");

    CliRunner.Result again = CliRunner.run("run", experiment.toString(), "--store", store.toString(), "--runner=DirectRunner");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(count(CanonicalJson.JSON.readTree(manifestPath(again.out()).toFile()), "cached")).isEqualTo(9);
  }

  private static long count(JsonNode manifest, String status) {
    long n = 0;
    for (JsonNode i : manifest.get("instances")) {
      n += i.get("status").asText().equals(status) ? 1 : 0;
    }
    return n;
  }

  private static Path manifestPath(String stdout) {
    String line = stdout.lines().filter(l -> l.contains("; manifest ")).reduce((a, b) -> b).orElseThrow();
    return Path.of(line.substring(line.indexOf("; manifest ") + 11).strip());
  }
}
