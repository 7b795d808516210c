package org.constcl.workflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.constcl.workflows.console.ExitCodes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code constcl train} as its own JVM process: a run killed with SIGKILL and resumed ends with
 * the same weights, bit for bit, as an uninterrupted run; and the command's errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(900)
class TrainCommandTest {
  @TempDir static Path dir;
  Path clips;

  @BeforeAll
  void ingestSamples() {
    clips = dir.resolve("clips");
    CliRunner.Result r = CliRunner.run("ingest", "--input", IngestCommandTest.samples().toString(),
        "--output", clips.toString(), "--runner=DirectRunner");
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  private List<String> train(Path out, String... extra) {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "train", "--preset", "cpu-small", "--clips", clips.toString(), "--output", out.toString(),
        "--steps", "16", "--set", "train.checkpoint_every=4", "--set", "data.clips_per_batch=4",
        "--set", "data.loader_threads=2"));
    cmd.addAll(List.of(extra));
    return cmd;
  }

  private static int runToEnd(List<String> cmd, Path log) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  @Test
  void aRunKilledWithSigkillAndResumedEndsWithTheSameWeights() throws Exception {
    Path whole = dir.resolve("whole");
    assertThat(runToEnd(train(whole), dir.resolve("whole.log"))).as(Files.readString(dir.resolve("whole.log"))).isZero();

    Path killed = dir.resolve("killed");
    Process p = new ProcessBuilder(train(killed)).redirectErrorStream(true)
        .redirectOutput(dir.resolve("killed.log").toFile()).start();
    Path fourth = killed.resolve("checkpoints/step-000000004");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (!Files.exists(fourth.resolve("trainer.json")) && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(p.isAlive()).as("still training after its first checkpoint").isTrue();
    p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flushing
    p.waitFor();
    assertThat(p.exitValue()).isEqualTo(137);
    assertThat(killed.resolve("_SUMMARY.json")).doesNotExist();

    int rc = runToEnd(train(killed, "--resume"), dir.resolve("resumed.log"));
    String log = Files.readString(dir.resolve("resumed.log"));
    assertThat(rc).as(log).isZero();
    assertThat(log).contains("resuming").contains("trained 16 steps (from step ");
    Path a = whole.resolve("checkpoints/step-000000016");
    Path b = killed.resolve("checkpoints/step-000000016");
    assertThat(Files.readAllBytes(b.resolve("variables.data-00000-of-00001")))
        .isEqualTo(Files.readAllBytes(a.resolve("variables.data-00000-of-00001")));
    assertThat(Files.readAllLines(killed.resolve("metrics.jsonl"))).hasSize(16);
  }

  private Process worker(String workers, Path log) throws IOException {
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "train-worker", "--preset", "cpu-small", "--workers", workers, "--task", "1",
        "--set", "data.clips_per_batch=4").redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static String twoLocalWorkers() throws IOException {
    try (java.net.ServerSocket a = new java.net.ServerSocket(0); java.net.ServerSocket b = new java.net.ServerSocket(0)) {
      return "127.0.0.1:" + a.getLocalPort() + ",127.0.0.1:" + b.getLocalPort();
    }
  }

  /**
   * Two processes (constcl train as the chief, constcl train-worker as task 1) train what two
   * logical devices of one process train, bit for bit; a worker killed mid-run stops the chief
   * with an error naming it, and the re-run resumes from the last checkpoint to the same weights.
   */
  @Test
  void twoProcessesTrainAsTwoDevicesAndAKilledWorkerIsNamedThenResumed() throws Exception {
    Path local = dir.resolve("two-devices");
    assertThat(runToEnd(train(local, "--set", "distribute.replicas=2"), dir.resolve("two-devices.log")))
        .as(Files.readString(dir.resolve("two-devices.log"))).isZero();
    byte[] expected = Files.readAllBytes(local.resolve("checkpoints/step-000000016/variables.data-00000-of-00001"));

    String workers = twoLocalWorkers();
    Process worker = worker(workers, dir.resolve("worker.log"));
    Path cluster = dir.resolve("two-processes");
    assertThat(runToEnd(train(cluster, "--set", "distribute.workers=" + workers), dir.resolve("two-processes.log")))
        .as(Files.readString(dir.resolve("two-processes.log"))).isZero();
    assertThat(Files.readAllBytes(cluster.resolve("checkpoints/step-000000016/variables.data-00000-of-00001"))).isEqualTo(expected);
    // The worker leaves by itself once the chief has gone.
    assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as(Files.readString(dir.resolve("worker.log"))).isTrue();
    assertThat(worker.exitValue()).isZero();
    assertThat(Files.readString(dir.resolve("worker.log"))).contains("has gone");

    workers = twoLocalWorkers();
    worker = worker(workers, dir.resolve("worker-killed.log"));
    Path killed = dir.resolve("worker-killed");
    Process chief = new ProcessBuilder(train(killed, "--set", "distribute.workers=" + workers)).redirectErrorStream(true)
        .redirectOutput(dir.resolve("chief.log").toFile()).start();
    Path fourth = killed.resolve("checkpoints/step-000000004");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (!Files.exists(fourth.resolve("trainer.json")) && chief.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(chief.isAlive()).as(Files.readString(dir.resolve("chief.log"))).isTrue();
    worker.destroyForcibly().waitFor();
    // Bounded: a killed worker refuses connections at once (the step timeout bounds a hung one).
    assertThat(chief.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(dir.resolve("chief.log"));
    assertThat(chief.exitValue()).as(log).isEqualTo(ExitCodes.FAILED);
    assertThat(log).contains("training failed on worker " + workers.split(",")[1] + " (task 1)");

    worker = worker(workers, dir.resolve("worker-again.log"));
    int rc = runToEnd(train(killed, "--resume", "--set", "distribute.workers=" + workers), dir.resolve("resumed-cluster.log"));
    assertThat(rc).as(Files.readString(dir.resolve("resumed-cluster.log"))).isZero();
    assertThat(Files.readAllBytes(killed.resolve("checkpoints/step-000000016/variables.data-00000-of-00001"))).isEqualTo(expected);
    worker.destroyForcibly();
  }

  @Test
  void configErrorsAndForeignRunsExitWithCode2() throws Exception {
    CliRunner.Result r = CliRunner.run("train", "--preset", "cpu-small", "--clips", clips.toString(),
        "--output", dir.resolve("x").toString(), "--set", "data.shuffle=1");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("unknown key data.shuffle");
    r = CliRunner.run("train", "--clips", clips.toString(), "--output", dir.resolve("x").toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--config").contains("--preset");
    Path yaml = Files.writeString(dir.resolve("bad.yaml"), "train:\n  steps: many\n");
    r = CliRunner.run("train", "--config", yaml.toString(), "--clips", clips.toString(), "--output", dir.resolve("x").toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("train.steps must be an integer, got 'many'");

    Path out = dir.resolve("short");
    r = CliRunner.run("train", "--preset", "cpu-small", "--clips", clips.toString(), "--output", out.toString(),
        "--steps", "2", "--set", "data.clips_per_batch=2");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("trained 2 steps (from step 0)");
    r = CliRunner.run("train", "--preset", "cpu-small", "--clips", clips.toString(), "--output", out.toString(),
        "--steps", "3", "--set", "data.clips_per_batch=2");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("train.steps: 2 -> 3").contains("--force");
    r = CliRunner.run("train", "--preset", "cpu-small", "--clips", clips.toString(), "--output", out.toString(),
        "--steps", "3", "--set", "data.clips_per_batch=2", "--force");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("trained 3 steps (from step 0)");
  }

  @Test
  void printConfigShowsTheResolvedYaml() throws IOException {
    CliRunner.Result r = CliRunner.run("train", "--preset", "paper", "--clips", clips.toString(), "--output",
        dir.resolve("p").toString(), "--print-config");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("backbone: \"r3d50\"").contains("clips_per_batch: 1024").contains("learning_rate: 40.96");
  }
}
