package org.constcl.workflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.constcl.transforms.summary.SummaryFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flink as the batch scheduler of a whole experiment: a real session cluster on 127.0.0.1 with 2
 * TaskManagers, each declaring one GPU through Flink's GPU driver (indices declared by the
 * discovery script: this machine has no GPU). Training and evaluation stages run as stage jobs
 * that ask for one GPU each, so Flink must place the two trainings of a 2-cell grid on different
 * TaskManagers, at the same time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(1200)
class FlinkSchedulingIT {
  @TempDir static Path dir;
  LocalFlinkCluster cluster;

  @BeforeAll
  void startCluster() throws Exception {
    cluster = LocalFlinkCluster.start(dir.resolve("flink"),
        List.of("--taskmanagers", "2", "--slots", "2", "--gpus-per-taskmanager", "1", "--declare-gpus"));
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void eachTaskManagerDeclaresTheGpuItsDiscoveryScriptFound() throws Exception {
    JsonNode tms = cluster.get("/taskmanagers").get("taskmanagers");
    assertThat(tms).hasSize(2);
    for (JsonNode tm : tms) {
      assertThat(tm.at("/totalResource/extendedResources/gpu").asDouble()).as(tm.get("id").asText()).isEqualTo(1.0);
    }
    String log = Files.readString(dir.resolve("flink/log/taskmanager-2.log"));
    assertThat(log).contains("Discover GPU resources: [GPU Device(0)]");
  }

  @Test
  @Order(2)
  void twoTrainingCellsRunOnDifferentTaskManagersAtOnceThenAreCached() throws Exception {
    Path file = experiment("two-cells", 3, "[1, 2]");
    Path store = dir.resolve("store");
    String first = run(file, store, List.of());
    assertThat(first).contains("two-cells: finished");
    assertThat(first).contains("7 built");

    List<JsonNode> trainings = finished("constcl-train-");
    assertThat(trainings).hasSize(2);
    List<long[]> spans = new ArrayList<>();
    List<String> taskManagers = new ArrayList<>();
    for (JsonNode job : trainings) {
      JsonNode subtask = onlySubtask(job.get("jid").asText());
      taskManagers.add(subtask.get("taskmanager-id").asText());
      spans.add(new long[] {subtask.get("start-time").asLong(), subtask.get("end-time").asLong()});
    }
    assertThat(taskManagers.get(0)).as("each training holds its TaskManager's only GPU").isNotEqualTo(taskManagers.get(1));
    assertThat(Math.max(spans.get(0)[0], spans.get(1)[0])).as("the trainings overlap in time")
        .isLessThan(Math.min(spans.get(0)[1], spans.get(1)[1]));
    assertThat(finished("constcl-eval-propagation-")).hasSize(2);

    JsonNode manifest = SummaryFiles.JSON.readTree(Path.of(first.replaceAll("(?s).*manifest (\\S+manifest\\.json).*", "$1")).toFile());
    for (JsonNode i : manifest.get("instances")) {
      if (i.get("kind").asText().equals("train")) {
        JsonNode attempts = i.at("/cluster/attempts");
        assertThat(attempts).hasSize(1);
        assertThat(attempts.get(0).get("gpus").asText()).isEqualTo("0");
        assertThat(attempts.get(0).get("exit").asInt()).isZero();
        assertThat(Files.readString(Path.of(i.get("log").asText()))).contains("# task 0, attempt 0 on 127.0.0.1");
      }
    }

    int jobs = cluster.jobs().size();
    String again = run(file, store, List.of());
    assertThat(again).contains("two-cells: finished, 7 cached");
    assertThat(cluster.jobs()).as("a cached run submits nothing").hasSize(jobs);
  }

  @Test
  @Order(3)
  void aStageAskingForMoreGpusThanAnyTaskManagerHasFailsAtOnceWithTheReason() throws Exception {
    Path file = experiment("too-big", 3, "[7]");
    Process p = new ProcessBuilder(LocalFlinkCluster.javaBin(), "-jar", LocalFlinkCluster.jar().toString(), "run",
        file.toString(), "--store", dir.resolve("store").toString(), "--flink-master", cluster.master(), "--stage-gpus", "2")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isNotZero();
    assertThat(out).contains("constcl train needs 1 worker with 1 CPU cores and 2 GPUs; the Flink cluster at "
        + cluster.master() + " has 2 TaskManagers with [2 cores/1 GPUs], room for 0 such workers even when idle");
  }

  @Test
  @Order(4)
  void aTwoWorkerTrainingIsOneJobOfTwoTasksAndEqualsTwoDevicesInOneProcess() throws Exception {
    Path file = dir.resolve("two-workers.yaml");
    Path videos = cluster.root.resolve("infra/samples/videos");
    Files.writeString(file, """
        name: two-workers
        datasets:
          samples: {videos: %s, ingest: {short_side: 96}}
        pretrain:
          dataset: samples
          regions: random
          proposals: {frame_stride: 8}
          train: {preset: cpu-small, steps: 3, seed: 5, config: {data: {clips_per_batch: 4}, distribute: {workers: 2}}}
        """.formatted(videos));
    Path store = dir.resolve("store");
    String out = run(file, store, List.of());
    assertThat(out).contains("two-workers: finished");

    JsonNode job = finished("constcl-train-").get(finished("constcl-train-").size() - 1);
    JsonNode vertex = cluster.get("/jobs/" + job.get("jid").asText()).get("vertices").get(0);
    assertThat(vertex.get("parallelism").asInt()).as("one job, a task per worker").isEqualTo(2);
    JsonNode subtasks = cluster.get("/jobs/" + job.get("jid").asText() + "/vertices/" + vertex.get("id").asText()).get("subtasks");
    assertThat(subtasks.get(0).get("taskmanager-id").asText()).as("one GPU each: the workers on both TaskManagers")
        .isNotEqualTo(subtasks.get(1).get("taskmanager-id").asText());

    JsonNode manifest = SummaryFiles.JSON.readTree(Path.of(out.replaceAll("(?s).*manifest (\\S+manifest\\.json).*", "$1")).toFile());
    JsonNode train = null;
    for (JsonNode i : manifest.get("instances")) {
      if (i.get("kind").asText().equals("train")) {
        train = i;
      }
    }
    assertThat(train.at("/cluster/attempts")).hasSize(2);
    String log = Files.readString(Path.of(train.get("log").asText()));
    assertThat(log).contains("# task 1, attempt 0").contains("worker task 1 serving 127.0.0.1:");

    // The same training as 2 devices of one process (distribute.replicas: 2): the same updated variables.
    Path artifact = Path.of(train.at("/artifact/path").asText());
    Path inProcess = dir.resolve("two-devices");
    LocalFlinkCluster.run(List.of(LocalFlinkCluster.javaBin(), "-jar", LocalFlinkCluster.jar().toString(), "train", "--config",
        artifact.resolve("config.yaml").toString(), "--set", "distribute.workers=", "--set", "distribute.replicas=2", "--clips",
        store.resolve("artifacts/ingest").resolve(train.at("/inputs/clips/key").asText()).toString(), "--boxes",
        store.resolve("artifacts/proposals").resolve(train.at("/inputs/boxes/key").asText()).toString(), "--output",
        inProcess.toString()), 600);
    Path last = Path.of("checkpoints", "step-000000003");
    for (String f : List.of("variables.index", "variables.data-00000-of-00001")) {
      assertThat(Files.mismatch(artifact.resolve(last).resolve(f), inProcess.resolve(last).resolve(f))).as(f).isEqualTo(-1L);
    }

    // verify re-executes it on the cluster, again as one job of a task per worker, and every file reproduces.
    int trainJobs = finished("constcl-train-").size();
    String verified = LocalFlinkCluster.run(List.of(LocalFlinkCluster.javaBin(), "-jar", LocalFlinkCluster.jar().toString(),
        "verify", out.replaceAll("(?s).*manifest (\\S+manifest\\.json).*", "$1"), "--stage", "train", "--flink-master",
        cluster.master(), "--scratch", dir.resolve("verify-two-workers").toString()), 600);
    assertThat(verified).contains("on the Flink cluster at " + cluster.master()).contains("✔ reproducible  train ")
        .contains("1 of 1 reproduce");
    List<JsonNode> after = finished("constcl-train-");
    assertThat(after).hasSize(trainJobs + 1);
    assertThat(cluster.get("/jobs/" + after.get(after.size() - 1).get("jid").asText()).get("vertices").get(0).get("parallelism")
        .asInt()).isEqualTo(2);
  }

  @Test
  @Order(5)
  void aTrainingWhoseTaskManagerIsKilledResumesOnTheOtherFromItsCheckpoint() throws Exception {
    Path file = experiment("killed", 40, "[11]");
    Path store = dir.resolve("store");
    Process engine = startEngine(file, store, dir.resolve("killed.log"));
    // Wait for the training's first checkpoint, then kill -9 the TaskManager its attempt runs in.
    Path record = null;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
    while (record == null && System.nanoTime() < until) {
      record = checkpointedAttempt(store);
      Thread.sleep(200);
    }
    assertThat(record).as("a training attempt with a checkpoint").isNotNull();
    java.util.Properties attempt = new java.util.Properties();
    try (var r = Files.newBufferedReader(record)) {
      attempt.load(r);
    }
    long pid = Long.parseLong(attempt.getProperty("taskmanager_pid"));
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    assertThat(engine.waitFor(600, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(dir.resolve("killed.log"));
    assertThat(engine.exitValue()).as(out).isZero();
    assertThat(out).contains("killed: finished");

    JsonNode manifest = SummaryFiles.JSON.readTree(Path.of(out.replaceAll("(?s).*manifest (\\S+manifest\\.json).*", "$1")).toFile());
    JsonNode train = null;
    for (JsonNode i : manifest.get("instances")) {
      if (i.get("kind").asText().equals("train") && i.get("status").asText().equals("built")) {
        train = i;
      }
    }
    assertThat(train).isNotNull();
    JsonNode attempts = train.at("/cluster/attempts");
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(0).get("taskmanager_pid").asLong()).isEqualTo(pid);
    assertThat(attempts.get(0).get("exit").isNull()).as("the killed attempt never ended").isTrue();
    assertThat(attempts.get(1).get("taskmanager_pid").asLong()).isNotEqualTo(pid);
    assertThat(attempts.get(1).get("exit").asInt()).isZero();
    String log = Files.readString(Path.of(train.get("log").asText()));
    assertThat(log).contains("did not end (its TaskManager was lost)");
    assertThat(log).containsPattern("resuming \\S+ from step \\d+ \\(step-\\d+\\)");
    Path artifact = Path.of(train.at("/artifact/path").asText());
    JsonNode summary = SummaryFiles.JSON.readTree(artifact.resolve("_SUMMARY.json").toFile());
    assertThat(summary.get("steps").asInt()).isEqualTo(40);
    // The same training without interruption, in one process here: the weights are the same bytes.
    Path uninterrupted = dir.resolve("uninterrupted");
    LocalFlinkCluster.run(List.of(LocalFlinkCluster.javaBin(), "-jar", LocalFlinkCluster.jar().toString(), "train", "--config",
        artifact.resolve("config.yaml").toString(), "--clips",
        store.resolve("artifacts/ingest").resolve(train.at("/inputs/clips/key").asText()).toString(), "--boxes",
        store.resolve("artifacts/proposals").resolve(train.at("/inputs/boxes/key").asText()).toString(), "--output", uninterrupted.toString()), 600);
    Path last = Path.of("checkpoints", "step-000000040");
    try (Stream<Path> files = Files.list(artifact.resolve(last))) {
      for (Path f : files.toList()) {
        assertThat(Files.mismatch(f, uninterrupted.resolve(last).resolve(f.getFileName()))).as(f.toString()).isEqualTo(-1L);
      }
    }
    LocalFlinkCluster.run(List.of(LocalFlinkCluster.javaBin(), "-jar", LocalFlinkCluster.jar().toString(), "store", "scrub",
        "--store", store.toString()), 300);
  }

  @Test
  @Order(6)
  void sigtermOnTheEngineCancelsItsStageJobAndStopsTheStageProcess() throws Exception {
    Path file = experiment("terminated", 2000, "[13]");
    Path store = dir.resolve("store");
    Process engine = startEngine(file, store, dir.resolve("terminated.log"));
    // Wait until the training's stage process runs under a TaskManager.
    JsonNode job = null;
    List<ProcessHandle> stage = List.of();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
    while (stage.isEmpty() && System.nanoTime() < until && engine.isAlive()) {
      Thread.sleep(200);
      job = cluster.jobs().stream().filter(j -> j.get("name").asText().startsWith("constcl-train-")
          && j.get("state").asText().equals("RUNNING")).findFirst().orElse(null);
      stage = job == null ? List.of() : trainingProcesses();
    }
    assertThat(stage).as("a training's stage process under a TaskManager").isNotEmpty();
    engine.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the engine's shutdown hook cancels its jobs
    assertThat(engine.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String jobId = job.get("jid").asText();
    String state = "";
    for (long t = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); System.nanoTime() < t; Thread.sleep(200)) {
      state = cluster.get("/jobs/" + jobId).get("state").asText();
      if (state.equals("CANCELED") && stage.stream().noneMatch(ProcessHandle::isAlive)) {
        break;
      }
    }
    assertThat(state).as(Files.readString(dir.resolve("terminated.log"))).isEqualTo("CANCELED");
    for (ProcessHandle p : stage) {
      assertThat(p.isAlive()).as("stage process %s stopped with its task", p.pid()).isFalse();
    }
    Path manifest;
    try (Stream<Path> runs = Files.list(store.resolve("runs"))) {
      manifest = runs.filter(r -> r.getFileName().toString().endsWith("-terminated")).findFirst().orElseThrow()
          .resolve("manifest.json");
    }
    assertThat(SummaryFiles.JSON.readTree(manifest.toFile()).get("status").asText()).isEqualTo("interrupted");
  }

  /** {@code constcl run} on the cluster in the background, its output in {@code log}. */
  private Process startEngine(Path file, Path store, Path log) throws Exception {
    return new ProcessBuilder(LocalFlinkCluster.javaBin(), "-jar", LocalFlinkCluster.jar().toString(), "run",
        file.toString(), "--store", store.toString(), "--flink-master", cluster.master())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Processes started by a TaskManager of this cluster that run {@code constcl train}. */
  private static List<ProcessHandle> trainingProcesses() {
    return ProcessHandle.allProcesses().filter(p -> p.parent().map(ProcessHandle::info).flatMap(ProcessHandle.Info::commandLine)
        .map(c -> c.contains("TaskManagerRunner")).orElse(false))
        .filter(p -> p.info().commandLine().map(c -> c.contains(" train ")).orElse(false)).toList();
  }

  /** An attempt record of a running training whose work folder holds a checkpoint already. */
  private static Path checkpointedAttempt(Path store) throws Exception {
    Path work = store.resolve("work/train");
    if (!Files.isDirectory(work)) {
      return null;
    }
    try (Stream<Path> dirs = Files.list(work)) {
      for (Path scratch : dirs.filter(d -> d.getFileName().toString().endsWith(".scratch")).toList()) {
        Path attempt = scratch.resolve("attempts/task0-attempt0.properties");
        Path checkpoints = scratch.resolveSibling(scratch.getFileName().toString().replace(".scratch", "")).resolve("checkpoints");
        if (Files.isRegularFile(attempt) && Files.isDirectory(checkpoints)) {
          try (Stream<Path> c = Files.list(checkpoints)) {
            if (c.anyMatch(x -> x.getFileName().toString().startsWith("step-"))) {
              return attempt;
            }
          }
        }
      }
    }
    return null;
  }

  private JsonNode onlySubtask(String jobId) throws Exception {
    JsonNode job = cluster.get("/jobs/" + jobId);
    String vertex = job.get("vertices").get(0).get("id").asText();
    JsonNode subtasks = cluster.get("/jobs/" + jobId + "/vertices/" + vertex).get("subtasks");
    assertThat(subtasks).hasSize(1);
    return subtasks.get(0);
  }

  private List<JsonNode> finished(String prefix) throws Exception {
    return cluster.jobs().stream().filter(j -> j.get("name").asText().startsWith(prefix)
        && j.get("state").asText().equals("FINISHED")).toList();
  }

  /** Cells (one per seed) of a cpu-small pre-training on the samples, each scored by label propagation. */
  private Path experiment(String name, int steps, String seeds) throws Exception {
    Path videos = cluster.root.resolve("infra/samples/videos");
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, """
        name: %s
        datasets:
          samples: {videos: %s, ingest: {short_side: 96}}
          davis-tiny:
            make: davis
            videos: %s
            settings: {frames: 8, short_side: 96, objects: 1}
        pretrain:
          dataset: samples
          regions: random
          proposals: {frame_stride: 8}
          train: {preset: cpu-small, steps: %d, config: {data: {clips_per_batch: 4}, train: {checkpoint_every: 5}}}
        benchmarks:
          propagation:
            protocol: propagation
            dataset: davis-tiny
            settings: {size: 64, threads: 1}
        grid:
          seeds: %s
        """.formatted(name, videos, videos, steps, seeds));
    return file;
  }

  private String run(Path file, Path store, List<String> extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(LocalFlinkCluster.javaBin(), "-jar", LocalFlinkCluster.jar().toString(), "run",
        file.toString(), "--store", store.toString(), "--flink-master", cluster.master()));
    cmd.addAll(extra);
    return LocalFlinkCluster.run(cmd, 900);
  }
}
