package org.constcl.workflows.console;

/** Ends a command with an exit code and a one-line message for stderr. */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  /** A usage error (exit code 2). */
  public static CliException usage(String message) {
    return new CliException(ExitCodes.USAGE, message);
  }

  /** The message of the innermost cause: what actually went wrong inside a pipeline. */
  public static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.toString() : c.getMessage();
  }
}
