package org.constcl.workflows.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.constcl.workflows.engine.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up timeline read from a real {@code constcl --version} JVM's class-loading log. */
class StartupTimelineTest {
  @Test
  void readsWhenEachPartLoadedFromARealJvm(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("classes.log");
    Process p = new ProcessBuilder(ChildJvm.command(List.of(StartupTimeline.logOption(log)), List.of("--version")))
        .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();

    StartupTimeline t = StartupTimeline.read(log);
    assertThat(t.classes()).isGreaterThan(1000);
    assertThat(t.fromArchive()).isPositive().isLessThanOrEqualTo(t.classes()); // the JDK's own archive at least
    assertThat(t.milestones()).containsKeys("main", "guice", "picocli").doesNotContainKeys("beam", "flink", "tensorflow");
    assertThat(t.milestones().get("main")).isLessThan(t.milestones().get("picocli"));
    assertThat(t.lastClass()).isGreaterThanOrEqualTo(t.milestones().get("picocli"));
    assertThat(t.line(t.lastClass() + 0.1)).startsWith("main ").contains(" · picocli ").contains("exit ")
        .contains(t.classes() + " classes");
  }
}
