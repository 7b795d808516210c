package org.constcl.workflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.constcl.transforms.summary.SummaryFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar on a real Flink 1.19 session cluster started from Maven jars on 127.0.0.1
 * (infra/flink/cluster.sh): the ingest job, then a proposals job over its output, must finish on
 * the cluster and write the same records as in-process runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(900)
class FlinkClusterIT {
  @TempDir static Path dir;
  LocalFlinkCluster cluster;
  Path root;
  Path clusterDir;
  int restPort;

  @BeforeAll
  void startCluster() throws Exception {
    clusterDir = dir.resolve("flink");
    // Through the command users run (constcl cluster start wraps infra/flink/cluster.sh).
    cluster = LocalFlinkCluster.start(clusterDir, List.of("--slots", "2"));
    root = cluster.root;
    restPort = cluster.restPort;
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void everyPortOfTheLocalClusterIsBoundToTheLoopback() throws Exception {
    for (String process : List.of("jobmanager", "taskmanager")) {
      long pid = Long.parseLong(Files.readString(clusterDir.resolve(process + ".pid")).trim());
      List<java.net.InetSocketAddress> ports = org.constcl.transforms.testing.ListeningSockets.of(pid);
      assertThat(ports).as(process + " listens").isNotEmpty();
      assertThat(ports).as(process + "'s listening sockets, from the kernel")
          .allSatisfy(a -> assertThat(a.getAddress().isLoopbackAddress()).as(a.toString()).isTrue());
    }
  }

  @Test
  void ingestRunsOnTheClusterAndMatchesAnInProcessRun() throws Exception {
    Path jar = jar();
    assertThat(jar).exists();
    Path samples = root.resolve("infra/samples/videos");
    Path onCluster = dir.resolve("cluster-out");
    Path inProcess = dir.resolve("direct-out");
    String output = run(List.of(javaBin(), "-jar", jar.toString(), "ingest", "--input", samples.toString(),
        "--output", onCluster.toString(), "--flinkMaster=127.0.0.1:" + restPort, "--parallelism=2"), 600);
    assertThat(output).contains("ingested 5 of 5 videos into 7 records");
    run(List.of(javaBin(), "-jar", jar.toString(), "ingest", "--input", samples.toString(),
        "--output", inProcess.toString(), "--runner=DirectRunner"), 600);

    assertThat(jobState("constcl-ingest")).isEqualTo("FINISHED");
    assertThat(SummaryFiles.read(onCluster).get("digest")).isEqualTo(SummaryFiles.read(inProcess).get("digest"));

    // Region proposals over the cluster's clips, on the cluster (OpenCV natives on the TaskManager).
    Path boxesOnCluster = dir.resolve("cluster-slic");
    Path boxesInProcess = dir.resolve("direct-slic");
    String proposals = run(List.of(javaBin(), "-jar", jar.toString(), "proposals", "--source", "slic",
        "--clips", onCluster.toString(), "--output", boxesOnCluster.toString(), "--frame-stride", "8",
        "--flinkMaster=127.0.0.1:" + restPort, "--parallelism=2"), 600);
    assertThat(proposals).contains("slic boxes (opencv-4.13.0/ximgproc-slic) for 7 of 7 clips");
    run(List.of(javaBin(), "-jar", jar.toString(), "proposals", "--source", "slic", "--clips", onCluster.toString(),
        "--output", boxesInProcess.toString(), "--frame-stride", "8", "--runner=DirectRunner"), 600);
    assertThat(jobState("constcl-proposals-slic")).isEqualTo("FINISHED");
    assertThat(SummaryFiles.read(boxesOnCluster).get("digest")).isEqualTo(SummaryFiles.read(boxesInProcess).get("digest"));
    run(List.of(javaBin(), "-jar", jar.toString(), "proposals", "check", "--clips", onCluster.toString(),
        "--boxes", boxesOnCluster.toString()), 120);
  }

  /** State of the latest job called {@code name}. */
  private String jobState(String name) throws Exception {
    JsonNode latest = null;
    for (JsonNode job : SummaryFiles.JSON.readTree(get("/jobs/overview")).get("jobs")) {
      if (job.get("name").asText().equals(name)
          && (latest == null || job.get("start-time").asLong() > latest.get("start-time").asLong())) {
        latest = job;
      }
    }
    assertThat(latest).as("a job named %s", name).isNotNull();
    return latest.get("state").asText();
  }

  private long finishedJobs(String name) throws Exception {
    long n = 0;
    for (JsonNode job : SummaryFiles.JSON.readTree(get("/jobs/overview")).get("jobs")) {
      n += job.get("name").asText().equals(name) && job.get("state").asText().equals("FINISHED") ? 1 : 0;
    }
    return n;
  }

  private static Path jar() {
    return LocalFlinkCluster.jar();
  }

  @Test
  void anExperimentRunsEveryStageOnTheClusterThenIsAllCacheHits() throws Exception {
    Path file = dir.resolve("cluster-experiment.yaml");
    String videos = root.resolve("infra/samples/videos").toString();
    Files.writeString(file, """
        name: on-cluster
        datasets:
          samples: {videos: %s, ingest: {short_side: 96}}
        pretrain:
          dataset: samples
          proposals: {frame_stride: 8}
          train: {preset: cpu-small, steps: 3, config: {data: {clips_per_batch: 4}}}
        grid:
          axes: {pretrain.regions: [slic, graph]}
        """.formatted(videos));
    Path store = dir.resolve("cluster-store");
    long ingests = finishedJobs("constcl-ingest");
    long slic = finishedJobs("constcl-proposals-slic");
    long graph = finishedJobs("constcl-proposals-graph");
    String first = run(List.of(javaBin(), "-jar", jar().toString(), "run", file.toString(), "--store", store.toString(),
        "--flink-master", "127.0.0.1:" + restPort, "--parallelism", "2"), 900);
    assertThat(first).contains("on-cluster: finished, 5 built");
    assertThat(finishedJobs("constcl-ingest")).isEqualTo(ingests + 1);
    assertThat(finishedJobs("constcl-proposals-slic")).isEqualTo(slic + 1);
    assertThat(finishedJobs("constcl-proposals-graph")).isEqualTo(graph + 1);
    // The trainings too, as stage jobs (this cluster declares no GPUs: they ask for a CPU core only).
    assertThat(cluster.jobs().stream().filter(j -> j.get("name").asText().startsWith("constcl-train-")
        && j.get("state").asText().equals("FINISHED")).count()).isEqualTo(2);
    String again = run(List.of(javaBin(), "-jar", jar().toString(), "run", file.toString(), "--store", store.toString(),
        "--flink-master", "127.0.0.1:" + restPort), 300);
    assertThat(again).contains("on-cluster: finished, 5 cached");
    assertThat(finishedJobs("constcl-ingest")).isEqualTo(ingests + 1);
  }

  @Test
  void everyPortTheClusterOpensIsOnLoopback() throws Exception {
    JsonNode tms = SummaryFiles.JSON.readTree(get("/taskmanagers")).get("taskmanagers");
    assertThat(tms).hasSize(1);
    assertThat(tms.get(0).get("id").asText()).startsWith("127.0.0.1:");
    List<String> pids = new ArrayList<>();
    for (String p : List.of("jobmanager", "taskmanager")) {
      pids.add(Files.readString(clusterDir.resolve(p + ".pid")).strip());
    }
    String listening = run(List.of("ss", "-Hltnp"), 30);
    List<String> ours = listening.lines().filter(l -> pids.stream().anyMatch(pid -> l.contains("pid=" + pid + ","))).toList();
    assertThat(ours).isNotEmpty();
    assertThat(ours).allSatisfy(l -> assertThat(l).containsPattern("\\s(\\[::ffff:)?127\\.0\\.0\\.1\\]?:\\d+\\s"));
  }

  private String get(String path) throws IOException, InterruptedException {
    return cluster.get(path).toString();
  }

  private static String run(List<String> command, int timeoutSeconds) throws Exception {
    return LocalFlinkCluster.run(command, timeoutSeconds);
  }

  private static String javaBin() {
    return LocalFlinkCluster.javaBin();
  }
}
