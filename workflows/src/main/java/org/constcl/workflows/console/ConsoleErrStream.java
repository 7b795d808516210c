package org.constcl.workflows.console;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The console's stderr as an OutputStream, for stages that print progress to a PrintStream. */
public final class ConsoleErrStream extends OutputStream {
  private final Console console;

  private ConsoleErrStream(Console console) {
    this.console = console;
  }

  /** An auto-flushing UTF-8 PrintStream onto the console's stderr. */
  public static PrintStream printStream(Console console) {
    return new PrintStream(new ConsoleErrStream(console), true, StandardCharsets.UTF_8);
  }

  @Override
  public void write(int b) {
    console.err().write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    console.err().write(new String(b, off, len, StandardCharsets.UTF_8));
  }

  @Override
  public void flush() {
    console.err().flush();
  }
}
