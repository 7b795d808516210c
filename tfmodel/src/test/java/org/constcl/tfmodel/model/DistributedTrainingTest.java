package org.constcl.tfmodel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.constcl.tfmodel.nn.Precision;
import org.constcl.tfmodel.train.LearningRateSchedule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training over two processes on 127.0.0.1 (TensorFlow's distributed runtime, in-graph
 * replication): this JVM is the chief (task 0), a child JVM runs {@link WorkerServer} (task 1).
 * The graph is the one two logical devices of one process run, placed on two processes, so the
 * steps must agree with that run; a killed worker must fail the step, named, not hang it.
 */
class DistributedTrainingTest {
  @TempDir Path dir;
  private final List<Process> workers = new ArrayList<>();

  @AfterEach
  void stopWorkers() {
    workers.forEach(Process::destroyForcibly);
  }

  private static ModelConfig.Builder config(Distribution layout) {
    return TinyModels.config().schedule(new LearningRateSchedule(0.05f, 0, 200)).distribution(layout);
  }

  private static WorkerCluster cluster(Duration stepTimeout) throws IOException {
    try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
      return new WorkerCluster(List.of("127.0.0.1:" + a.getLocalPort(), "127.0.0.1:" + b.getLocalPort()),
          Duration.ofSeconds(60), stepTimeout);
    }
  }

  /** Task 1 of {@code cluster} in a JVM of its own, with one device and the chief's thread count. */
  private Process startWorker(WorkerCluster cluster) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        WorkerServer.class.getName(), cluster.toString(), "1", "1", "cpu", "2")
        .redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile()).start();
    workers.add(p);
    return p;
  }

  @Test
  void twoProcessesTrainAsTwoDevicesOfOneProcess() throws Exception {
    WorkerCluster cluster = cluster(WorkerCluster.STEP_TIMEOUT);
    startWorker(cluster);
    List<float[]> variables = new ArrayList<>();
    List<List<Float>> losses = new ArrayList<>();
    for (Distribution layout : List.of(
        new Distribution(2, 1, true, "cpu", Precision.FLOAT32),
        new Distribution(1, 1, true, "cpu", Precision.FLOAT32, cluster))) {
      try (ConstclModel m = ConstclModel.build(config(layout).build())) {
        m.initialize();
        List<Float> steps = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
          StepMetrics r = m.trainStep(TinyModels.batch(30 + s));
          steps.add(r.total());
          steps.add(r.global());
          steps.add(r.local());
        }
        losses.add(steps);
        variables.add(ReplicatedTrainingTest.concat(ReplicatedTrainingTest.values(m, ReplicatedTrainingTest.allVariables(m))));
        if (layout.distributed()) {
          m.saveCheckpoint(dir.resolve("ckpt"));
        }
      }
    }
    // The same graph on other processes: the same kernels on the same inputs, so the same bits.
    assertThat(losses.get(1)).isEqualTo(losses.get(0));
    assertThat(variables.get(1)).isEqualTo(variables.get(0));
    // The chief wrote the checkpoint; one device restores it.
    try (ConstclModel one = ConstclModel.build(config(Distribution.single()).build())) {
      one.restoreCheckpoint(dir.resolve("ckpt"));
      assertThat(ReplicatedTrainingTest.concat(ReplicatedTrainingTest.values(one, ReplicatedTrainingTest.allVariables(one))))
          .isEqualTo(variables.get(1));
    }
  }

  @Test
  void aTracedStepShowsBothProcessesAndWhatCrossedBetweenThem() throws Exception {
    WorkerCluster cluster = cluster(WorkerCluster.STEP_TIMEOUT);
    startWorker(cluster);
    try (ConstclModel m = ConstclModel.build(config(new Distribution(1, 1, true, "cpu", Precision.FLOAT32, cluster)).build())) {
      m.initialize();
      m.trainStep(TinyModels.batch(50));
      StepProfile p = m.profileStep(TinyModels.batch(51));
      assertThat(p.devices()).extracting(StepProfile.DeviceTime::device)
          .anyMatch(d -> d.contains("task:0")).anyMatch(d -> d.contains("task:1"));
      assertThat(p.remoteBytes()).isPositive();
    }
  }

  @Test
  void aWorkerKilledBetweenStepsFailsTheNextStepNamingIt() throws Exception {
    WorkerCluster cluster = cluster(Duration.ofSeconds(60));
    Process worker = startWorker(cluster);
    try (ConstclModel m = ConstclModel.build(config(new Distribution(1, 1, true, "cpu", Precision.FLOAT32, cluster)).build())) {
      m.initialize();
      assertThat(m.trainStep(TinyModels.batch(40)).total()).isFinite();
      worker.destroyForcibly().waitFor();
      // Bounded by the step timeout at worst; a killed process refuses connections at once.
      assertTimeoutPreemptively(Duration.ofMinutes(3), () ->
          assertThatThrownBy(() -> m.trainStep(TinyModels.batch(41)))
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("worker " + cluster.addresses().get(1) + " (task 1)")
              .hasMessageContaining("resume")
              .hasMessageNotContaining(": (re-run")); // what went wrong, not only where
    }
  }

  @Test
  void aWorkerThatNeverAnswersIsNamed() throws Exception {
    WorkerCluster silent;
    try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
      silent = new WorkerCluster(List.of("127.0.0.1:" + a.getLocalPort(), "127.0.0.1:" + b.getLocalPort()),
          Duration.ofSeconds(2), Duration.ofSeconds(60));
    }
    WorkerCluster cluster = silent;
    assertThatThrownBy(() -> ConstclModel.build(config(new Distribution(1, 1, true, "cpu", Precision.FLOAT32, cluster)).build()))
        .hasMessageContaining("worker " + cluster.addresses().get(1) + " did not answer within 2 s")
        .hasMessageContaining("constcl train-worker --workers " + cluster + " --task <i>");
  }

  @Test
  void theErrorSaysWhatHappenedNotOnlyWhere() {
    assertThat(ConstclModel.firstLine("From /job:worker/replica:0/task:1:\nSocket closed\nAdditional GRPC error information"
        + " from remote target /job:worker/replica:0/task:1 while calling /tensorflow.WorkerService/RunGraph:\n:{\"created\"}"))
        .isEqualTo("Socket closed");
    assertThat(ConstclModel.firstLine("failed to connect to all addresses\nAdditional GRPC error")).isEqualTo("failed to connect to all addresses");
  }
}
