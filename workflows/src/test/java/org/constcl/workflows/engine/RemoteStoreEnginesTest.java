package org.constcl.workflows.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.constcl.workflows.plan.CanonicalJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engines (two processes, each with its own local mirror) run one experiment at the same time
 * on one remote store (a file: URI through Beam's file systems): every instance is built by exactly
 * one of them, the other waits on the remote build lease and takes the upload.
 */
@Timeout(600)
class RemoteStoreEnginesTest {
  @TempDir
  Path dir;

  @Test
  void twoEnginesOnOneRemoteStoreBuildEachInstanceOnce() throws Exception {
    Path file = dir.resolve("two.yaml");
    Files.writeString(file, """
        name: two
        datasets:
          samples: {videos: %s, ingest: {short_side: 96}}
        pretrain:
          dataset: samples
          regions: random
          proposals: {frame_stride: 8}
          train: {preset: cpu-small, steps: 1}
        grid:
          axes: {pretrain.regions: [random, slic]}
          seeds: [1]
        """.formatted(EngineRunTest.repoRoot().resolve("infra/samples/videos")));
    String remote = dir.resolve("remote").toUri().toString();
    List<Process> engines = new ArrayList<>();
    for (String mirror : List.of("mirror-a", "mirror-b")) {
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "org.constcl.workflows.cli.Main", "run", file.toString(),
          "--store", remote, "--mirror", dir.resolve(mirror).toString()));
      engines.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(mirror + ".log").toFile())
          .start());
    }
    for (Process p : engines) {
      assertThat(p.waitFor(8, TimeUnit.MINUTES)).isTrue();
    }
    String logs = Files.readString(dir.resolve("mirror-a.log"), StandardCharsets.UTF_8)
        + Files.readString(dir.resolve("mirror-b.log"), StandardCharsets.UTF_8);
    assertThat(engines.get(0).exitValue()).as(logs).isZero();
    assertThat(engines.get(1).exitValue()).as(logs).isZero();
    assertThat(logs).contains("is being built by").contains("(remote lease)");

    Map<String, Integer> builds = new HashMap<>();
    Map<String, String> digests = new HashMap<>();
    Map<String, JsonNode> manifests = new HashMap<>();
    for (String mirror : List.of("mirror-a", "mirror-b")) {
      try (Stream<Path> s = Files.list(dir.resolve(mirror).resolve("runs"))) {
        manifests.put(mirror, CanonicalJson.JSON.readTree(s.findFirst().orElseThrow().resolve("manifest.json").toFile()));
      }
    }
    String runA = manifests.get("mirror-a").get("run").asText();
    String runB = manifests.get("mirror-b").get("run").asText();
    assertThat(runA).as("engines starting together get runs of their own").isNotEqualTo(runB);
    for (String mirror : List.of("mirror-a", "mirror-b")) {
      JsonNode m = manifests.get(mirror);
      String other = mirror.equals("mirror-a") ? runB : runA;
      assertThat(m.get("instances")).hasSize(5);
      for (var it = m.get("instances").fields(); it.hasNext(); ) {
        var entry = it.next();
        String key = entry.getKey();
        JsonNode i = entry.getValue();
        String status = i.get("status").asText();
        assertThat(status).as(i.toString()).isIn("built", "cached");
        if (status.equals("built")) {
          builds.merge(key, 1, Integer::sum);
        } else {
          // Found when it became ready, or (after waiting on the other's lease) when it was about to be built.
          assertThat(i.get("reason").asText()).contains("built by run " + other).contains("fetched from");
        }
        String digest = i.get("artifact").get("digest").asText();
        assertThat(digests.putIfAbsent(key, digest)).as("both engines use one artifact per key").isIn(null, digest);
      }
    }
    assertThat(builds).hasSize(5).allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
    try (Stream<Path> s = Files.list(dir.resolve("remote/runs"))) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(runA, runB);
    }
    try (Stream<Path> s = Files.walk(dir.resolve("remote"))) {
      List<Path> files = s.filter(Files::isRegularFile).toList();
      assertThat(files.stream().filter(f -> f.getFileName().toString().equals("_ARTIFACT.json"))).hasSize(5);
      assertThat(files.stream().filter(f -> f.toString().endsWith(".lease"))).as("leases are released").isEmpty();
    }
  }
}
