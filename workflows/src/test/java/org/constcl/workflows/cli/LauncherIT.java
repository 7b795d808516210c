package org.constcl.workflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.constcl.workflows.engine.FastStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/constcl} on the built jar: the first call of a command writes its class-data archive, which later calls
 * use, an archive of another build is replaced, and what it prints is exactly what {@code java -jar}
 * prints (the archive's own messages must never reach stdout, where {@code constcl schema} writes).
 */
@Timeout(300)
class LauncherIT {
  @TempDir Path cache;

  @Test
  void writesThenUsesItsArchiveAndPrintsWhatTheJarPrints() throws Exception {
    Path root = Path.of(System.getProperty("constcl.repo.root", "..")).toAbsolutePath().normalize();
    Path jar = Path.of(System.getProperty("constcl.jar", "target/constcl.jar")).toAbsolutePath();
    Path launcher = root.resolve("bin/constcl");
    Files.createDirectories(cache.resolve("constcl"));
    Path stale = Files.writeString(cache.resolve("constcl/constcl-1-1.jsa"), "an archive of an older build");

    String direct = run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
        "schema"), jar);
    String first = run(List.of(launcher.toString(), "schema"), jar);
    List<Path> archives = archives();
    assertThat(archives).hasSize(1);
    assertThat(archives.get(0)).isNotEqualTo(stale);
    // The engine's stage JVMs name (and so share) archives the same way.
    assertThat(archives.get(0).getFileName().toString()).isEqualTo(FastStart.archiveName(List.of("schema"), jar.toString()));
    assertThat(Files.size(archives.get(0))).isGreaterThan(1_000_000);
    long written = Files.getLastModifiedTime(archives.get(0)).toMillis();

    String second = run(List.of(launcher.toString(), "schema"), jar);
    assertThat(archives()).containsExactlyElementsOf(archives);
    assertThat(Files.getLastModifiedTime(archives.get(0)).toMillis()).isEqualTo(written);
    assertThat(first).isEqualTo(direct).startsWith("{");
    assertThat(second).isEqualTo(direct);
    assertThat(run(List.of(launcher.toString(), "--version"), jar)).startsWith("constcl ");
  }

  private List<Path> archives() throws IOException {
    try (Stream<Path> s = Files.list(cache.resolve("constcl"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jsa")).sorted().toList();
    }
  }

  private String run(List<String> cmd, Path jar) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectError(ProcessBuilder.Redirect.DISCARD);
    Map<String, String> env = pb.environment();
    env.put("XDG_CACHE_HOME", cache.toString());
    env.put("CONSTCL_JAR", jar.toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
    return out;
  }
}
