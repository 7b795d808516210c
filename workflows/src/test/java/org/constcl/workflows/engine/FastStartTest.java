package org.constcl.workflows.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage JVM's fast-start options, with real JVMs: the first child of a command writes its
 * class-data archive, which is committed only when the child succeeds, and the next child maps its
 * classes from it.
 */
class FastStartTest {
  @TempDir Path dir;

  /** A child program: loads a class of its own and exits with the code it is given. */
  public static final class Child {
    public static void main(String[] args) {
      System.out.println("child " + new Helper().name());
      System.exit(Integer.parseInt(args[0]));
    }
  }

  /** A class only the child loads, so the archive must hold it. */
  public static final class Helper {
    String name() {
      return "helper";
    }
  }

  @Test
  void theFirstSuccessfulChildWritesTheArchiveAndTheNextOneMapsFromIt() throws Exception {
    Path jar = childJar();
    FastStart fast = new FastStart(dir.resolve("cache"), true);

    FastStart.Launch failing = fast.launch(List.of("ingest", "--input", "x"), jar.toString());
    assertThat(failing.writing()).isNotNull();
    // Named as bin/constcl names it (stat -c '%s-%Y'), so both share archives.
    assertThat(failing.archive().getFileName().toString()).isEqualTo("constcl-" + Files.size(jar) + "-"
        + Files.getLastModifiedTime(jar).toMillis() / 1000 + "-ingest.jsa");
    assertThat(run(failing, jar, 3).exit).isEqualTo(3);
    fast.finished(failing, 3);
    assertThat(archives()).isEmpty(); // a failed child leaves nothing, not even its temporary file

    FastStart.Launch first = fast.launch(List.of("ingest", "--input", "x"), jar.toString());
    assertThat(first.options()).contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
        .anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="));
    Ran ran = run(first, jar, 0);
    assertThat(ran.out).contains("child helper").doesNotContain("cds"); // the JVM's archive messages stay off stdout
    fast.finished(first, 0);
    assertThat(archives()).containsExactly(first.archive());
    assertThat(Files.size(first.archive())).isGreaterThan(10_000);

    FastStart.Launch second = fast.launch(List.of("ingest", "--input", "y"), jar.toString());
    assertThat(second.writing()).isNull();
    assertThat(second.options()).contains("-XX:SharedArchiveFile=" + first.archive());
    Path log = dir.resolve("classes.log");
    List<String> withLog = new ArrayList<>(second.options());
    withLog.add("-Xlog:class+load=info:file=" + log);
    assertThat(run(new FastStart.Launch(withLog, null, second.archive()), jar, 0).out).contains("child helper");
    assertThat(Files.readAllLines(log)).anyMatch(l -> l.contains(Helper.class.getName() + " source: shared objects file"));
  }

  @Test
  void eachCommandHasItsOwnArchiveAndOnlyTheBeamStagesDropC2() throws Exception {
    Path jar = childJar();
    FastStart fast = new FastStart(dir.resolve("cache"), true);
    FastStart.Launch eval = fast.launch(List.of("eval", "propagate", "--davis", "d"), jar.toString());
    assertThat(eval.archive().getFileName().toString()).endsWith("-eval-propagate.jsa");
    assertThat(eval.options()).contains("-XX:+UseSerialGC").doesNotContain("-XX:TieredStopAtLevel=1");
    assertThat(fast.launch(List.of("train", "--config", "c.yaml"), jar.toString()).archive().getFileName().toString())
        .endsWith("-train.jsa");
    assertThat(fast.launch(List.of("proposals", "--source", "slic"), jar.toString()).options()).contains("-XX:TieredStopAtLevel=1");
  }

  @Test
  void aWarmWorkerHasAnArchiveOfItsOwnPerJvmConfiguration() throws Exception {
    Path jar = childJar();
    FastStart fast = new FastStart(dir.resolve("cache"), true);
    String build = "constcl-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis() / 1000 + "-";

    FastStart.Launch beam = fast.workerLaunch(List.of("ingest", "--input", "x"), jar.toString());
    assertThat(beam.archive().getFileName().toString()).isEqualTo(build + "stage-worker-c1.jsa");
    assertThat(beam.options()).contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
        .anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="));
    // Every TensorFlow stage shares the C2 worker's archive; none is a command's own.
    FastStart.Launch train = fast.workerLaunch(List.of("train", "--preset", "cpu-small"), jar.toString());
    assertThat(train.archive().getFileName().toString()).isEqualTo(build + "stage-worker-c2.jsa");
    assertThat(train.options()).doesNotContain("-XX:TieredStopAtLevel=1");
    assertThat(fast.workerLaunch(List.of("eval", "propagate"), jar.toString()).archive()).isEqualTo(train.archive());

    assertThat(run(beam, jar, 0).out).contains("child helper");
    fast.finished(beam, 0);
    assertThat(archives()).containsExactly(beam.archive());
    FastStart.Launch next = fast.workerLaunch(List.of("proposals", "--source", "slic"), jar.toString());
    assertThat(next.writing()).isNull();
    assertThat(next.options()).contains("-XX:SharedArchiveFile=" + beam.archive(), "-XX:TieredStopAtLevel=1");
    // Workers are pooled by configuration, archives aside.
    assertThat(fast.configuration(List.of("ingest"))).containsExactly("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    assertThat(fast.configuration(List.of("train"))).containsExactly("-XX:+UseSerialGC");
    assertThat(new FastStart(dir.resolve("cache"), false).configuration(List.of("ingest"))).isEmpty();
    // A stage in a JVM of its own keeps its command's archive.
    assertThat(fast.launch(List.of("proposals", "--source", "slic"), jar.toString()).writing()).isNotNull();
  }

  @Test
  void archivesOfOtherBuildsGoAndFoldersOnTheClassPathGetNone() throws Exception {
    Path jar = childJar();
    Path cache = Files.createDirectories(dir.resolve("cache"));
    Path stale = Files.writeString(cache.resolve("constcl-1-1-ingest.jsa"), "an archive of an older build");
    Path older = Files.writeString(cache.resolve("constcl-1-1.jsa"), "an archive of the launcher before archives per command");
    FastStart fast = new FastStart(cache, true);
    fast.launch(List.of("ingest"), jar.toString());
    assertThat(stale).doesNotExist();
    assertThat(older).doesNotExist();

    FastStart.Launch folders = fast.launch(List.of("ingest"), dir + java.io.File.pathSeparator + jar);
    assertThat(folders.archive()).isNull();
    assertThat(folders.options()).noneMatch(o -> o.contains("Archive"));
    assertThat(new FastStart(cache, false).launch(List.of("ingest"), jar.toString()).options()).isEmpty();
  }

  private record Ran(int exit, String out) {}

  private Ran run(FastStart.Launch launch, Path jar, int exit) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(launch.options());
    cmd.addAll(List.of("-cp", jar.toString(), Child.class.getName(), Integer.toString(exit)));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Ran(p.exitValue(), out);
  }

  private List<Path> archives() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("cache"))) {
      return s.sorted().toList();
    }
  }

  /** A jar of the child's classes (the JVM archives classes from jars only, not from folders). */
  private Path childJar() throws IOException {
    Path jar = dir.resolve("child.jar");
    if (Files.exists(jar)) {
      return jar;
    }
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (Class<?> c : List.of(Child.class, Helper.class)) {
        String name = c.getName().replace('.', '/') + ".class";
        out.putNextEntry(new JarEntry(name));
        try (InputStream in = c.getClassLoader().getResourceAsStream(name)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
    return jar;
  }
}
