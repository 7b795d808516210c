package org.constcl.workflows.console;

/** Process exit codes of {@code constcl}. */
public final class ExitCodes {
  /** The command did what it was asked (a run with rejected inputs still completed). */
  public static final int OK = 0;
  /** The job started but failed. */
  public static final int FAILED = 1;
  /** Invalid arguments, configuration or inputs; nothing was run. */
  public static final int USAGE = 2;
  /** A bug: an unexpected exception. */
  public static final int INTERNAL = 4;

  private ExitCodes() {}
}
