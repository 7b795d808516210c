package org.constcl.workflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.constcl.workflows.console.ExitCodes;
import org.junit.jupiter.api.Test;

class ConstclCommandTest {
  @Test
  void helpListsTheSubcommands() {
    CliRunner.Result r = CliRunner.run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Usage: constcl").contains("ingest");
  }

  @Test
  void versionNamesTheBuild() {
    CliRunner.Result r = CliRunner.run("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("constcl 0.");
  }

  @Test
  void anUnknownSubcommandIsAUsageError() {
    CliRunner.Result r = CliRunner.run("frobnicate");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("frobnicate");
  }
}
