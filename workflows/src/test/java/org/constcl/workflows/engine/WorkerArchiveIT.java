package org.constcl.workflows.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code constcl run} on the built jar, as a user runs it: its warm stage workers write their
 * class-data archives as the run ends (one per JVM configuration), the next run's workers start
 * from them without writing them again, and the stages build the same bytes either way.
 */
@Timeout(600)
class WorkerArchiveIT {
  @TempDir Path dir;

  @Test
  void theFirstRunsWorkersWriteTheArchivesTheNextRunsWorkersStartFrom() throws Exception {
    Path root = Path.of(System.getProperty("constcl.repo.root", "..")).toAbsolutePath().normalize();
    Path jar = Path.of(System.getProperty("constcl.jar", "target/constcl.jar")).toAbsolutePath();
    Path experiment = Files.writeString(dir.resolve("tiny.yaml"), String.join("\n",
        "name: tiny",
        "description: one ingest, random proposals and a one-step training on the bundled samples",
        "datasets:",
        "  samples:",
        "    videos: " + root.resolve("infra/samples/videos"),
        "    ingest: {short_side: 128}",
        "pretrain:",
        "  dataset: samples",
        "  regions: random",
        "  proposals: {frame_stride: 4}",
        "  train: {preset: cpu-small, steps: 1}",
        ""));

    run(jar, experiment, dir.resolve("store-1"));
    List<Path> archives = files(".jsa");
    assertThat(archives).extracting(p -> p.getFileName().toString())
        .anySatisfy(n -> assertThat(n).endsWith("-stage-worker-c1.jsa"))
        .anySatisfy(n -> assertThat(n).endsWith("-stage-worker-c2.jsa"));
    assertThat(files(".tmp")).isEmpty();
    List<FileTime> written = times(archives);

    run(jar, experiment, dir.resolve("store-2"));
    assertThat(files(".jsa")).containsExactlyElementsOf(archives);
    assertThat(times(archives)).isEqualTo(written); // read, not written again
    assertThat(files(".tmp")).isEmpty();
    assertThat(checkpoint(dir.resolve("store-2"))).isEqualTo(checkpoint(dir.resolve("store-1")));
  }

  private void run(Path jar, Path experiment, Path store) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        jar.toString(), "run", "--store", store.toString(), experiment.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve(store.getFileName() + ".log").toFile());
    Map<String, String> env = pb.environment();
    env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    env.remove(FastStart.SWITCH);
    Process p = pb.start();
    assertThat(p.waitFor(280, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve(store.getFileName() + ".log"))).isZero();
  }

  private List<Path> files(String suffix) throws IOException {
    Path cache = dir.resolve("cache/constcl");
    if (!Files.isDirectory(cache)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(cache)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static List<FileTime> times(List<Path> files) throws IOException {
    List<FileTime> t = new java.util.ArrayList<>();
    for (Path f : files) {
      t.add(Files.getLastModifiedTime(f));
    }
    return t;
  }

  /** The training's checkpoint bytes, wherever the store put them. */
  private static byte[] checkpoint(Path store) throws IOException {
    try (Stream<Path> s = Files.walk(store.resolve("artifacts"))) {
      Path data = s.filter(p -> p.getFileName().toString().startsWith("variables.data")).findFirst().orElseThrow();
      return Files.readAllBytes(data);
    }
  }
}
