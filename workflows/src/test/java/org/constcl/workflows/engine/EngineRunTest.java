package org.constcl.workflows.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.constcl.workflows.cli.CliRunner;
import org.constcl.workflows.console.ExitCodes;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.tensorboard.HParamsReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine end to end on the bundled sample videos, embedded Flink and real TensorFlow: a
 * reduced quickstart (two region sources, a tiny pre-training, a linear benchmark with a random-init
 * baseline) runs, re-runs as all cache hits, detects a flipped byte and rebuilds, explains a
 * changed setting with compare, renders its report in headless Chromium, and resumes after kill -9.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(1200)
class EngineRunTest {
  @TempDir static Path dir;
  Path store;
  Path experiment;
  Path firstManifest;

  static Path repoRoot() {
    return Path.of(System.getProperty("constcl.repo.root", "..")).toAbsolutePath().normalize();
  }

  static String miniExperiment(String name, String regions, int steps) {
    String videos = repoRoot().resolve("infra/samples/videos").toString();
    return """
        name: %s
        datasets:
          samples: {videos: %s, ingest: {short_side: 96}}
          speed: {make: speed-direction, videos: %s, settings: {clip_frames: 8, short_side: 64, windows: 2}, ingest: {short_side: 64}}
        pretrain:
          dataset: samples
          regions: random
          proposals: {frame_stride: 8}
          train:
            preset: cpu-small
            steps: %d
            config: {train: {checkpoint_every: 3}, data: {clips_per_batch: 4}}
        benchmarks:
          speed-linear:
            protocol: linear
            dataset: speed
            random_init: true
            settings: {epochs: 1, batch: 8, test_clips: 1, test_crops: 1}
        grid:
          axes: {pretrain.regions: [%s]}
          seeds: [1]
        report:
          baseline: {pretrain.regions: random}
        """.formatted(name, videos, videos, steps, regions);
  }

  @BeforeAll
  void setUp() throws IOException {
    store = dir.resolve("store");
    experiment = dir.resolve("mini.yaml");
    Files.writeString(experiment, miniExperiment("mini", "random, slic", 6));
  }

  private CliRunner.Result constcl(String... args) {
    return CliRunner.run(args);
  }

  private static JsonNode manifestOf(String stdout) throws IOException {
    String line = stdout.lines().filter(l -> l.contains("; manifest ")).reduce((a, b) -> b).orElseThrow();
    return CanonicalJson.JSON.readTree(Path.of(line.substring(line.indexOf("; manifest ") + 11).strip()).toFile());
  }

  private static Path manifestPath(String stdout) {
    String line = stdout.lines().filter(l -> l.contains("; manifest ")).reduce((a, b) -> b).orElseThrow();
    return Path.of(line.substring(line.indexOf("; manifest ") + 11).strip());
  }

  private static long count(JsonNode manifest, String status) {
    long n = 0;
    for (JsonNode i : manifest.get("instances")) {
      n += i.get("status").asText().equals(status) ? 1 : 0;
    }
    return n;
  }

  private static JsonNode instance(JsonNode manifest, String label) {
    for (JsonNode i : manifest.get("instances")) {
      if (i.get("label").asText().equals(label)) {
        return i;
      }
    }
    throw new AssertionError("no instance " + label);
  }

  @Test
  @Order(1)
  void runsEveryStageThenEverythingIsACacheHit() throws Exception {
    CliRunner.Result plan = constcl("plan", experiment.toString(), "--store", store.toString());
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("2 cells, 10 stage instances (14 before merging equal ones)")
        .contains("miss (no artifact): no ingest artifact in the store yet")
        .contains("cache: 0 hits, 10 misses (10 no artifact)");

    CliRunner.Result run = constcl("run", experiment.toString(), "--store", store.toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    JsonNode m = manifestOf(run.out());
    firstManifest = manifestPath(run.out());
    assertThat(m.get("status").asText()).isEqualTo("finished");
    assertThat(count(m, "built")).isEqualTo(10);
    assertThat(m.get("environment").get("java").get("version").asText()).startsWith("17");
    assertThat(m.get("environment").get("dependencies").get("org.apache.beam:beam-sdks-java-core").asText()).isEqualTo("2.62.0");
    assertThat(m.get("environment").get("dependencies").get("org.jfree:jfreechart").asText()).isEqualTo("1.5.6");
    JsonNode cell = m.get("cells").get(1);
    assertThat(cell.get("id").asText()).isEqualTo("regions=slic,seed=1");
    assertThat(cell.get("metrics").get("eval:speed-linear").get("top1").asDouble()).isBetween(0.0, 1.0);
    assertThat(cell.get("metrics").get("train").get("steps").asInt()).isEqualTo(6);
    // The random-init baseline does not depend on the region source: one instance serves both cells.
    assertThat(m.get("cells").get(0).get("stages").get("eval-random-init:speed-linear").asText())
        .isEqualTo(cell.get("stages").get("eval-random-init:speed-linear").asText());
    // Whichever training the scheduler reaches second finds the first one's artifact, with other boxes.
    JsonNode random = instance(m, "train random seed=1");
    JsonNode slic = instance(m, "train slic seed=1");
    JsonNode second = random.get("miss").asText().equals("input_changed") ? random : slic;
    assertThat(List.of(random.get("miss").asText(), slic.get("miss").asText()))
        .containsExactlyInAnyOrder("no_artifact", "input_changed");
    assertThat(second.get("reason").asText()).contains("nearest stored train differs in input boxes");
    // Each miss counted once, under the reason it had as it started (an instance that waited for a slot may find a
    // sibling's artifact by then: other inputs or config).
    int misses = 0;
    for (JsonNode n : m.get("cache_misses")) {
      misses += n.asInt();
    }
    assertThat(misses).as(m.get("cache_misses").toString()).isEqualTo(10);
    // The manifest records each stage's typed result and the columns a report shows.
    assertThat(instance(m, "eval speed-linear slic seed=1").get("table")).extracting(JsonNode::asText)
        .containsExactly("top1", "top5", "mean_class_accuracy");
    // The run's TensorBoard folder, read back independently: each cell's hyper-parameters, metrics and curves.
    Path tensorboard = firstManifest.resolveSibling("tensorboard");
    assertThat(run.out()).contains("tensorboard --logdir " + tensorboard);
    HParamsReader tb = new HParamsReader(tensorboard);
    assertThat(tb.experiment.name()).isEqualTo("mini");
    assertThat(tb.experiment.hparams()).containsKeys("pretrain.regions", "seed", "init");
    assertThat(tb.experiment.metricTags()).contains("speed-linear/top1", "speed-linear/top5", "speed-linear/mean_class_accuracy");
    assertThat(tb.runs.keySet()).containsExactlyInAnyOrder("regions=random,seed=1", "regions=slic,seed=1",
        "random-init,speed-linear,seed=1");
    for (JsonNode c : m.get("cells")) {
      HParamsReader.Run r = tb.runs.get(c.get("id").asText());
      assertThat(r.hparams().get("pretrain.regions").getStringValue()).isEqualTo(c.get("axes").get("pretrain.regions").asText());
      assertThat(r.hparams().get("seed").getNumberValue()).isEqualTo(1.0);
      assertThat(r.status()).isEqualTo(1);
      List<double[]> top1 = r.scalars().get("speed-linear/top1");
      assertThat(top1.get(top1.size() - 1)[1]).isCloseTo(c.get("metrics").get("eval:speed-linear").get("top1").asDouble(),
          org.assertj.core.api.Assertions.within(1e-6));
      assertThat(r.scalars().get("loss")).hasSize(6); // the training's own curve, one point per step
    }

    CliRunner.Result again = constcl("run", experiment.toString(), "--store", store.toString());
    assertThat(again.exitCode()).isZero();
    JsonNode m2 = manifestOf(again.out());
    assertThat(count(m2, "cached")).isEqualTo(10);
    assertThat(again.out()).contains("cache: 10 hits, 0 misses");
    assertThat(instance(m2, "ingest samples").get("reason").asText()).startsWith("hit: artifact");
    assertThat(constcl("plan", experiment.toString(), "--store", store.toString()).out())
        .contains("to run: nothing (10 of 10 instances cached)");
  }

  @Test
  @Order(2)
  void verifyReExecutesTheRunsStagesAndNamesAStoredOutputThatDiffers() throws Exception {
    Path scratch = dir.resolve("verify");
    CliRunner.Result v = constcl("verify", firstManifest.toString(), "--scratch", scratch.toString());
    assertThat(v.exitCode()).as(v.out() + v.err()).isZero();
    assertThat(v.out()).contains("10 of 10 reproduce").doesNotContain("✗");
    assertThat(v.out()).containsPattern("✔ reproducible  train random seed=1 +\\d+ files byte for byte, 3 equal but for timings or work paths"
        + " \\[_SUMMARY.json, events/events.out.tfevents.\\S+, metrics.jsonl\\]");
    assertThat(v.out()).containsPattern("✔ reproducible  proposals slic samples +\\d+ files byte for byte \\(");

    // A stored output that is not what its stage writes (as if the first run had been non-deterministic):
    // one byte of a proposals shard changed, the artifact's record made consistent with it.
    JsonNode m = CanonicalJson.JSON.readTree(firstManifest.toFile());
    Path artifact = Path.of(instance(m, "proposals slic samples").at("/artifact/path").asText());
    Path record = artifact.resolve("_ARTIFACT.json");
    String shard;
    try (var files = Files.list(artifact)) {
      shard = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".parquet")).sorted().findFirst().orElseThrow();
    }
    byte[] original = Files.readAllBytes(artifact.resolve(shard));
    String originalRecord = Files.readString(record);
    try {
      byte[] changed = original.clone();
      changed[changed.length / 2] ^= 1;
      Files.write(artifact.resolve(shard), changed);
      com.fasterxml.jackson.databind.node.ObjectNode rec = (com.fasterxml.jackson.databind.node.ObjectNode) CanonicalJson.JSON.readTree(originalRecord);
      ((com.fasterxml.jackson.databind.node.ObjectNode) rec.get("files").get(shard))
          .put("sha256", org.constcl.transforms.io.FileDigest.sha256Hex(artifact.resolve(shard)));
      StringBuilder sb = new StringBuilder();
      new java.util.TreeMap<String, JsonNode>(CanonicalJson.JSON.convertValue(rec.get("files"),
          new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, JsonNode>>() {}))
          .forEach((k, f) -> sb.append(k).append(' ').append(f.path("size").asLong()).append(' ').append(f.path("sha256").asText())
              .append('\n'));
      rec.put("digest", CanonicalJson.sha256(sb.toString()));
      Files.writeString(record, CanonicalJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rec));

      CliRunner.Result w = constcl("verify", firstManifest.toString(), "--stage", "proposals", "--scratch", scratch.toString());
      assertThat(w.exitCode()).as(w.out() + w.err()).isEqualTo(ExitCodes.FAILED);
      assertThat(w.out()).contains("✔ reproducible  proposals random samples")
          .containsPattern("✗ differs +proposals slic samples +first difference: " + java.util.regex.Pattern.quote(shard)
              + " \\(sha256 \\w+… stored, \\w+… again\\)")
          .contains("1 of 2 reproduce");
      assertThat(constcl("verify", firstManifest.toString(), "--stage", "nonsense").exitCode()).isEqualTo(ExitCodes.USAGE);
    } finally {
      Files.write(artifact.resolve(shard), original);
      Files.writeString(record, originalRecord);
    }
  }

  @Test
  @Order(3)
  void aFlippedByteIsDetectedAndRebuilt() throws Exception {
    Path trainDir;
    try (Stream<Path> s = Files.list(store.resolve("artifacts/train"))) {
      trainDir = s.sorted().findFirst().orElseThrow();
    }
    Path victim = trainDir.resolve("metrics.jsonl");
    try (RandomAccessFile f = new RandomAccessFile(victim.toFile(), "rw")) {
      f.seek(3);
      int b = f.read();
      f.seek(3);
      f.write(b ^ 0x01);
    }
    String key = trainDir.getFileName().toString();
    CliRunner.Result plan = constcl("plan", experiment.toString(), "--store", store.toString(), "--json");
    JsonNode p = CanonicalJson.JSON.readTree(plan.out());
    JsonNode entry = null;
    for (JsonNode e : p.get("plan")) {
      if (e.get("key").asText().equals(key)) {
        entry = e;
      }
    }
    assertThat(entry).isNotNull();
    assertThat(entry.get("status").asText()).isEqualTo("to_run");
    assertThat(entry.get("reason").asText()).contains("is corrupt (file metrics.jsonl does not match its recorded SHA-256)");

    CliRunner.Result run = constcl("run", experiment.toString(), "--store", store.toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    JsonNode m = manifestOf(run.out());
    assertThat(m.get("instances").get(key).get("status").asText()).isEqualTo("built");
    assertThat(count(m, "built")).isBetween(1L, 2L); // the train, and its eval if the rebuilt run's files differ
    for (JsonNode i : m.get("instances")) {
      if (i.get("status").asText().equals("built") && !i.get("kind").asText().equals("train")) {
        assertThat(i.get("reason").asText()).contains("input checkpoint was rebuilt with other content");
      }
    }
    assertThat(constcl("plan", experiment.toString(), "--store", store.toString()).out()).contains("to run: nothing");
  }

  @Test
  @Order(4)
  void compareWalksToTheFirstDifferingStage() throws Exception {
    CliRunner.Result run = constcl("run", experiment.toString(), "--store", store.toString(),
        "--set", "benchmarks.speed-linear.settings.epochs=2");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    JsonNode m = manifestOf(run.out());
    assertThat(count(m, "built")).isEqualTo(3); // two evals and the random-init baseline
    CliRunner.Result cmp = constcl("compare", firstManifest + "#regions=slic,seed=1", manifestPath(run.out()) + "#regions=slic,seed=1");
    assertThat(cmp.exitCode()).as(cmp.err()).isZero();
    assertThat(cmp.out()).contains("benchmarks.speed-linear.settings.epochs: 1 -> 2")
        .contains("eval:speed-linear (eval speed-linear slic seed=1): differs  <- first difference")
        .contains("config settings.epochs: 1 -> 2")
        .doesNotContain("ingest (ingest samples)"); // equal stages are not listed without --all
    CliRunner.Result json = constcl("compare", firstManifest.toString(), manifestPath(run.out()).toString(), "--json");
    JsonNode c = CanonicalJson.JSON.readTree(json.out());
    assertThat(c.get("cells")).hasSize(2);
    assertThat(c.get("cells").get(0).get("first_differing_stage").asText()).isEqualTo("eval:speed-linear");

    // The same comparison as a page, rendered by a browser.
    Path page = dir.resolve("compare/epochs.html");
    CliRunner.Result html = constcl("compare", firstManifest.toString(), manifestPath(run.out()).toString(), "--html",
        page.toString());
    assertThat(html.exitCode()).as(html.err()).isZero();
    assertThat(html.out()).contains("wrote " + page);
    String dom = chromiumDom(page);
    assertThat(dom).contains("<table id=\"runs\">").contains("data-cell=\"regions=slic,seed=1\"")
        .contains("<strong class=\"first-differing\">eval:speed-linear</strong>")
        .contains("benchmarks.speed-linear.settings.epochs: 1 -&gt; 2")
        .contains("<tr class=\"first\"><td>eval:speed-linear</td>")
        .contains("<table class=\"metrics\">")
        .contains("<figure id=\"training-loss\">")
        .contains(">a: regions=slic,seed=1</text>").contains(">b: regions=slic,seed=1</text>").contains(">training step</text>");
    Path shot = dir.resolve("compare.png");
    chromium(List.of("--screenshot=" + shot, "--window-size=1200,2000", page.toUri().toString()));
    assertThat(Files.size(shot)).isGreaterThan(10_000);
  }

  @Test
  @Order(5)
  void reportRendersInHeadlessChromium() throws Exception {
    Path out = dir.resolve("report");
    CliRunner.Result r = constcl("report", firstManifest.toString(), "--output", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    String md = Files.readString(out.resolve("report.md"));
    assertThat(md).contains("| regions=random | ").contains("| regions=slic | ").contains("| random init (speed-linear) | ")
        .contains("speed-linear top1").contains("baseline").contains("![training loss](training-loss.svg)")
        .contains("![speed-linear](benchmark-speed-linear.svg)");
    assertThat(out.resolve("benchmark-speed-linear.png")).exists();
    assertThat(out.resolve("training-loss.png")).exists();
    Path html = out.resolve("report.html");
    String dom = chromiumDom(html);
    assertThat(dom).contains("<table id=\"ablation\">").contains("regions=slic").contains("random init (speed-linear)")
        .contains("<figure id=\"training-loss\"><svg").contains(">training step</text>")
        .contains("<figure id=\"benchmark-speed-linear\"><svg").contains(">speed-linear: mean ± std over seeds</text>")
        .contains(">regions=slic (n=1)</text>").contains(">top1</text>");
    Path png = dir.resolve("report.png");
    chromium(List.of("--screenshot=" + png, "--window-size=1200,1600", html.toUri().toString()));
    assertThat(png).exists();
    assertThat(Files.size(png)).isGreaterThan(10_000);
  }

  @Test
  @Order(6)
  void killedRunLeavesNoAcceptedArtifactAndResumes() throws Exception {
    Path killStore = dir.resolve("kill-store");
    Path file = dir.resolve("kill.yaml");
    Files.writeString(file, miniExperiment("kill", "random", 30).replaceAll("(?s)benchmarks:.*?grid:", "grid:")
        .replace("report:\n  baseline: {pretrain.regions: random}\n", ""));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "org.constcl.workflows.cli.Main", "run", file.toString(), "--store",
        killStore.toString()));
    Process engine = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("kill.log").toFile()).start();
    Path trainWork = null;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
    while (System.nanoTime() < deadline && trainWork == null) {
      Thread.sleep(500);
      Path work = killStore.resolve("work/train");
      if (Files.isDirectory(work)) {
        try (Stream<Path> s = Files.walk(work, 3)) {
          trainWork = s.filter(p -> p.getFileName().toString().startsWith("step-")).findFirst().map(p -> p.getParent().getParent())
              .orElse(null);
        }
      }
      assertThat(engine.isAlive()).as(Files.readString(dir.resolve("kill.log"))).isTrue();
    }
    assertThat(trainWork).as("a training checkpoint appeared").isNotNull();
    List<ProcessHandle> children = engine.descendants().toList();
    engine.destroyForcibly(); // SIGKILL: no shutdown hook runs
    engine.waitFor(30, TimeUnit.SECONDS);
    for (ProcessHandle child : children) {
      child.onExit().get(30, TimeUnit.SECONDS); // the stage's JVM notices its engine is gone
    }
    String key = trainWork.getFileName().toString();
    assertThat(killStore.resolve("artifacts/train/" + key)).doesNotExist();

    CliRunner.Result rerun = constcl("run", file.toString(), "--store", killStore.toString());
    assertThat(rerun.exitCode()).as(rerun.out() + rerun.err()).isZero();
    JsonNode m = manifestOf(rerun.out());
    assertThat(m.get("instances").get(key).get("status").asText()).isEqualTo("built");
    assertThat(instance(m, "ingest samples").get("status").asText()).isEqualTo("cached");
    String log = Files.readString(Path.of(m.get("instances").get(key).get("log").asText()));
    assertThat(log).containsPattern("from step [1-9]");
    assertThat(constcl("plan", file.toString(), "--store", killStore.toString()).out()).contains("to run: nothing");
  }

  @Test
  @Order(7)
  void aFailingCellDoesNotStopTheOthersAndRunsAgainNextTime() throws Exception {
    // A SLIC parameter: the slic source takes it, the random source refuses it (a usage error in that stage only).
    Path file = dir.resolve("failing.yaml");
    Files.writeString(file, miniExperiment("failing", "random, slic", 6).replaceAll("(?s)benchmarks:.*?grid:", "grid:")
        .replace("report:\n  baseline: {pretrain.regions: random}\n", "")
        .replace("proposals: {frame_stride: 8}", "proposals: {frame_stride: 8, params: {superpixels: 12}}"));
    CliRunner.Result run = constcl("run", file.toString(), "--store", store.toString());
    assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
    assertThat(run.err()).contains("some stages failed");
    JsonNode m = manifestOf(run.out());
    assertThat(m.get("status").asText()).isEqualTo("failed");
    JsonNode failed = m.get("instances").get(failedKey(m));
    assertThat(failed.get("label").asText()).isEqualTo("proposals random samples");
    assertThat(failed.get("reason").asText()).contains("constcl proposals exited with 2")
        .contains("unknown parameter 'superpixels' for source random");
    assertThat(instance(m, "train random seed=1").get("status").asText()).isEqualTo("skipped");
    assertThat(instance(m, "train random seed=1").get("reason").asText()).isEqualTo("upstream proposals random samples failed");
    assertThat(instance(m, "train slic seed=1").get("status").asText()).isEqualTo("built");
    assertThat(m.get("summary").get("failed").asLong()).isEqualTo(1);
    assertThat(m.get("summary").get("skipped").asLong()).isEqualTo(1);

    CliRunner.Result again = constcl("run", file.toString(), "--store", store.toString());
    JsonNode m2 = manifestOf(again.out());
    assertThat(count(m2, "cached")).isEqualTo(3); // ingest, proposals slic, train slic
    assertThat(count(m2, "failed")).isEqualTo(1); // run again, and refused again
    assertThat(m2.get("instances").get(failedKey(m)).get("reason").asText()).contains("unknown parameter 'superpixels'");
  }

  private static String failedKey(JsonNode m) {
    var it = m.get("instances").fields();
    while (it.hasNext()) {
      var e = it.next();
      if (e.getValue().get("status").asText().equals("failed")) {
        return e.getKey();
      }
    }
    throw new AssertionError("no failed instance");
  }

  @Test
  @Order(8)
  void anInterruptedRunStopsItsStagesAndSaysSo() throws Exception {
    Path killStore = dir.resolve("kill-store");
    Path file = dir.resolve("kill.yaml");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "org.constcl.workflows.cli.Main", "run", file.toString(), "--store",
        killStore.toString(), "--set", "grid.seeds=[2]"));
    Process engine = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("term.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    // The view says "running" as the stage is scheduled, a moment before its JVM is forked: wait for both.
    List<ProcessHandle> children = List.of();
    while (System.nanoTime() < deadline && engine.isAlive()
        && (!Files.readString(dir.resolve("term.log")).contains("running   train") || children.isEmpty())) {
      Thread.sleep(200);
      children = Files.readString(dir.resolve("term.log")).contains("running   train") ? engine.descendants().toList() : List.of();
    }
    assertThat(Files.readString(dir.resolve("term.log"))).contains("running   train");
    assertThat(children).isNotEmpty();
    engine.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hooks run
    assertThat(engine.waitFor(60, TimeUnit.SECONDS)).isTrue();
    for (ProcessHandle child : children) {
      assertThat(child.isAlive()).as("stage JVM %s stopped with its engine", child.pid()).isFalse();
    }
    Path manifest;
    try (Stream<Path> s = Files.list(killStore.resolve("runs"))) {
      manifest = s.sorted().reduce((a, b) -> b).orElseThrow().resolve("manifest.json");
    }
    JsonNode m = CanonicalJson.JSON.readTree(manifest.toFile());
    assertThat(m.get("status").asText()).isEqualTo("interrupted");
    String trainKey = null;
    for (var it = m.get("instances").fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getValue().get("kind").asText().equals("train")) {
        trainKey = e.getKey();
        assertThat(e.getValue().get("status").asText()).isEqualTo("failed");
        assertThat(e.getValue().get("reason").asText()).isEqualTo("interrupted");
      }
    }
    assertThat(killStore.resolve("artifacts/train/" + trainKey)).doesNotExist();
  }

  @Test
  @Order(9)
  void gcWhileAnEngineRunsKeepsEverythingItsPlanNamesAndDuAccountsForTheStore() throws Exception {
    CliRunner.Result du = constcl("store", "du", "--store", store.toString());
    assertThat(du.exitCode()).as(du.err()).isZero();
    assertThat(du.out()).contains("by stage kind:").containsPattern("\\n  train +\\d+ ").contains("by experiment")
        .containsPattern("\\n  mini +\\d+ ").contains("by run (used / built):").contains("named by no run:");

    // A run of another seed, in its own process: it reuses the stored ingest and proposals and builds a training.
    Path file = dir.resolve("gc-live.yaml");
    Files.writeString(file, miniExperiment("gc-live", "random", 12).replaceAll("(?s)benchmarks:.*?grid:", "grid:")
        .replace("report:\n  baseline: {pretrain.regions: random}\n", ""));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "org.constcl.workflows.cli.Main", "run", file.toString(), "--store",
        store.toString(), "--set", "grid.seeds=[4]"));
    Process engine = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("gc-live.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline && engine.isAlive()
        && !Files.readString(dir.resolve("gc-live.log")).contains("running   train")) {
      Thread.sleep(200);
    }
    assertThat(Files.readString(dir.resolve("gc-live.log"))).contains("running   train");
    Path liveRun;
    try (Stream<Path> runs = Files.list(store.resolve("runs"))) {
      liveRun = runs.filter(r -> r.getFileName().toString().endsWith("gc-live")).findFirst().orElseThrow();
    }
    JsonNode plan = CanonicalJson.JSON.readTree(liveRun.resolve("manifest.json").toFile());

    // Keep nothing but what running engines hold: the live run's ingest and proposals must stay.
    CliRunner.Result gc = constcl("store", "gc", "--store", store.toString(), "--keep-last", "0");
    assertThat(gc.exitCode()).as(gc.err()).isZero();
    assertThat(gc.out()).contains("running now: " + liveRun.getFileName()).containsPattern("removed \\d+ artifacts");
    for (var it = plan.get("instances").fields(); it.hasNext(); ) {
      var e = it.next();
      String kind = e.getValue().get("kind").asText();
      if (!kind.equals("train")) {
        assertThat(store.resolve("artifacts/" + kind + "/" + e.getKey())).as(e.getValue().get("label").asText()).exists();
      }
    }
    assertThat(engine.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(engine.exitValue()).as(Files.readString(dir.resolve("gc-live.log"))).isZero();

    // Once it has finished, a dry run with the same policy lists what would go; the last run's policy keeps it all.
    CliRunner.Result dry = constcl("store", "gc", "--store", store.toString(), "--keep-last", "0", "--dry-run");
    assertThat(dry.out()).contains("(dry run): would remove 3 artifacts").contains("would remove train/");
    CliRunner.Result keepLast = constcl("store", "gc", "--store", store.toString(), "--keep-last", "1");
    assertThat(keepLast.out()).contains("removed 0 artifacts").contains("kept 3");
    assertThat(constcl("plan", file.toString(), "--store", store.toString(), "--set", "grid.seeds=[4]").out())
        .contains("to run: nothing");
  }

  private static String chromiumDom(Path html) throws Exception {
    return chromium(List.of("--dump-dom", html.toUri().toString()));
  }

  private static String chromium(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + Files.createTempDirectory(dir, "chromium")));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  @Order(10)
  void newJvmsBuildWhatWarmWorkersBuild() throws Exception {
    JsonNode warm = CanonicalJson.JSON.readTree(firstManifest.toFile()); // the first run: warm workers, the default
    assertThat(warm.at("/options/warm_workers").asBoolean()).isTrue();
    CliRunner.Result run = constcl("run", experiment.toString(), "--store", dir.resolve("own-jvms-store").toString(),
        "--no-warm-workers");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    JsonNode own = manifestOf(run.out());
    assertThat(own.at("/options/warm_workers").isBoolean()).isTrue();
    assertThat(own.at("/options/warm_workers").asBoolean()).isFalse();
    assertThat(count(own, "built")).isEqualTo(10);
    for (JsonNode i : own.get("instances")) {
      String label = i.get("label").asText();
      JsonNode w = instance(warm, label);
      assertThat(withoutTimings(w.path("metrics"))).as(label).isEqualTo(withoutTimings(i.path("metrics")));
      // A stage's log holds its own output after the engine's header line, as a stage in a JVM of its own writes it.
      assertThat(Files.readAllLines(Path.of(w.get("log").asText()))).as(label).hasSizeGreaterThan(1)
          .first().asString().startsWith("# constcl ");
    }
    for (JsonNode m : List.of(warm, own)) {
      assertThat(Files.readString(Path.of(instance(m, "train slic seed=1").get("log").asText())))
          .contains("trained 6 steps (from step 0)");
      assertThat(Files.readString(Path.of(instance(m, "ingest samples").get("log").asText()))).contains("ingested 5 of 5 videos");
    }
  }

  private static JsonNode withoutTimings(JsonNode metrics) {
    if (!metrics.isObject()) {
      return metrics;
    }
    com.fasterxml.jackson.databind.node.ObjectNode o = metrics.deepCopy();
    List<String> timings = new ArrayList<>();
    o.fieldNames().forEachRemaining(f -> {
      if (f.endsWith("_per_second") || f.endsWith("seconds")) {
        timings.add(f);
      }
    });
    o.remove(timings);
    return o;
  }
}
