package org.constcl.workflows.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.constcl.workflows.console.Console;

/** Runs {@code constcl} in-process and captures what it prints. */
public final class CliRunner {
  public record Result(int exitCode, String out, String err) {}

  private CliRunner() {}

  public static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new Console(new PrintWriter(out, true), new PrintWriter(err, true), false), args);
    return new Result(code, out.toString(), err.toString());
  }
}
