package org.constcl.workflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code --runner auto}: the DirectRunner for small inputs on the embedded runner, Flink otherwise. */
class RunnerOptionsTest {
  @Command(name = "pipeline")
  static final class Pipeline {
    @Mixin RunnerOptions runner;
  }

  private static RunnerOptions parse(String... args) {
    Pipeline p = new Pipeline();
    new CommandLine(p).parseArgs(args);
    return p.runner;
  }

  @Test
  void autoTakesTheDirectRunnerUpTo64MegabytesAndFlinkAbove() {
    RunnerOptions auto = parse();
    assertThat(auto.settings("ingest", 3_000_000).runner()).isEqualTo("DirectRunner");
    assertThat(auto.settings("ingest", RunnerOptions.SMALL_INPUT_BYTES).runner()).isEqualTo("DirectRunner");
    assertThat(auto.settings("ingest", RunnerOptions.SMALL_INPUT_BYTES + 1).runner()).isEqualTo("FlinkRunner");
    assertThat(auto.settings("datasets ingest").runner()).isEqualTo("FlinkRunner"); // input size unknown
  }

  @Test
  void aFlinkMasterOrAnExplicitRunnerIsNeverOverridden() {
    assertThat(parse("--flinkMaster=127.0.0.1:8081").settings("ingest", 1000).runner()).isEqualTo("FlinkRunner");
    assertThat(parse("--runner=FlinkRunner").settings("ingest", 1000).runner()).isEqualTo("FlinkRunner");
    assertThat(parse("--runner=DirectRunner").settings("ingest", Long.MAX_VALUE).runner()).isEqualTo("DirectRunner");
  }

  @Test
  void theInputSizeIsEveryFileUnderThePathAndUnknownPathsCountAsLarge(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("a.avi"), new byte[1000]);
    Files.write(Files.createDirectories(dir.resolve("sub")).resolve("b.avi"), new byte[500]);
    assertThat(RunnerOptions.bytesUnder(List.of(dir))).isEqualTo(1500);
    assertThat(RunnerOptions.bytesUnder(List.of(dir.resolve("a.avi"), dir.resolve("sub")))).isEqualTo(1500);
    assertThat(RunnerOptions.bytesUnder(List.of(dir.resolve("a.avi")))).isEqualTo(1000);
    assertThat(RunnerOptions.bytesUnder(List.of(dir.resolve("a.avi"), dir.resolve("missing")))).isEqualTo(Long.MAX_VALUE);
  }
}
