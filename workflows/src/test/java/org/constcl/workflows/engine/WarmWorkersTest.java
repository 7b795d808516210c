package org.constcl.workflows.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warm stage workers on real stages: a training run in a worker that already ran one writes the
 * same weights as a training in a JVM of its own; a failing stage and a killed worker fail only
 * their stage, and the next stage gets a new worker; a worker left above its memory bound is
 * replaced.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(600)
class WarmWorkersTest {
  @TempDir static Path dir;
  Path clips;

  private static Path sample(String name) {
    return EngineRunTest.repoRoot().resolve("infra/samples/videos").resolve(name);
  }

  private List<String> train(String out, int steps) {
    return List.of("train", "--preset", "cpu-small", "--steps", Integer.toString(steps), "--clips", clips.toString(),
        "--output", dir.resolve(out).toString());
  }

  private static byte[] weights(Path trainOutput, int step) throws Exception {
    return Files.readAllBytes(trainOutput.resolve(String.format("checkpoints/step-%09d/variables.data-00000-of-00001", step)));
  }

  @BeforeAll
  void ingest() throws Exception {
    Path videos = Files.createDirectories(dir.resolve("videos"));
    Files.copy(sample("g1.avi"), videos.resolve("g1.avi"));
    Files.copy(sample("g2.avi"), videos.resolve("g2.avi"));
    clips = dir.resolve("clips");
    try (WarmWorkers workers = new WarmWorkers(FastStart.fromEnvironment())) {
      int exit = workers.run(List.of("ingest", "--input", videos.toString(), "--output", clips.toString(), "--short-side", "96"),
          dir.resolve("ingest.log"));
      assertThat(exit).as(Files.readString(dir.resolve("ingest.log"))).isZero();
    }
    assertThat(Files.readString(dir.resolve("ingest.log"))).contains("ingested 2 of 2 videos");
  }

  @Test
  void aStageInAWarmWorkerWritesWhatAStageInItsOwnJvmWrites() throws Exception {
    Process own = ChildJvm.start(train("own", 2), dir.resolve("own.log"), java.util.Map.of());
    assertThat(own.waitFor()).as(Files.readString(dir.resolve("own.log"))).isZero();
    try (WarmWorkers workers = new WarmWorkers(FastStart.fromEnvironment())) {
      for (String run : List.of("warm-1", "warm-2")) {
        Path log = dir.resolve(run + ".log");
        assertThat(workers.run(train(run, 2), log)).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("trained 2 steps (from step 0)");
      }
      assertThat(workers.started()).isEqualTo(1); // the second training ran in the first one's JVM
    }
    assertThat(weights(dir.resolve("warm-1"), 2)).isEqualTo(weights(dir.resolve("own"), 2));
    assertThat(weights(dir.resolve("warm-2"), 2)).isEqualTo(weights(dir.resolve("own"), 2));
  }

  @Test
  void aFailingStageAndAKilledWorkerFailOnlyTheirStage() throws Exception {
    try (WarmWorkers workers = new WarmWorkers(FastStart.fromEnvironment())) {
      Path bad = dir.resolve("bad.log");
      int exit = workers.run(List.of("train", "--preset", "cpu-small", "--steps", "1", "--clips", dir.resolve("none").toString(),
          "--output", dir.resolve("bad").toString()), bad);
      assertThat(exit).isNotZero();
      assertThat(Files.readString(bad)).contains("constcl train").contains(dir.resolve("none").toString());

      // A long training, its worker killed from outside (as the OOM killer would).
      CompletableFuture<Integer> killed = CompletableFuture.supplyAsync(() -> {
        try {
          return workers.run(train("killed", 500), dir.resolve("killed.log"));
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      ProcessHandle worker = null;
      for (int i = 0; i < 600 && worker == null; i++) {
        Thread.sleep(100);
        worker = workers.pids().stream().findFirst().flatMap(ProcessHandle::of).orElse(null);
      }
      assertThat(worker).as("a worker running the long training").isNotNull();
      Thread.sleep(2000);
      worker.destroyForcibly();
      assertThat(killed.get(60, TimeUnit.SECONDS)).isEqualTo(137);

      Path after = dir.resolve("after.log");
      assertThat(workers.run(train("after", 1), after)).as(Files.readString(after)).isZero();
      assertThat(workers.started()).isEqualTo(3); // one per failure, each replaced
    }
  }

  @Test
  void aWorkerAboveItsMemoryBoundIsReplacedAfterItsStage() throws Exception {
    assertThat(ResidentMemory.of(ProcessHandle.current().pid())).as("this JVM's resident size").isPresent();
    assertThat(ResidentMemory.of(ProcessHandle.current().pid()).getAsLong()).isGreaterThan(1 << 20);
    try (WarmWorkers small = new WarmWorkers(FastStart.fromEnvironment(), 1 << 20)) {
      for (int i = 0; i < 2; i++) {
        Path log = dir.resolve("small-" + i + ".log");
        assertThat(small.run(List.of("--version"), log)).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("constcl");
      }
      assertThat(small.started()).isEqualTo(2); // no JVM stays under 1 MiB: each stage got a new worker
      assertThat(small.retiredForMemory()).isEqualTo(2);
    }
    try (WarmWorkers roomy = new WarmWorkers(FastStart.fromEnvironment(), Long.MAX_VALUE)) {
      for (int i = 0; i < 2; i++) {
        assertThat(roomy.run(List.of("--version"), dir.resolve("roomy-" + i + ".log"))).isZero();
      }
      assertThat(roomy.started()).isEqualTo(1);
      assertThat(roomy.retiredForMemory()).isZero();
    }
  }
}
