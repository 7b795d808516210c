package org.constcl.eval.run;

/** An evaluation that cannot start (bad input: exit code 2) or that failed while running (exit 1). */
public final class EvalException extends Exception {
  private final boolean usage;

  private EvalException(String message, boolean usage, Throwable cause) {
    super(message, cause);
    this.usage = usage;
  }

  /** Bad input: dataset, checkpoint, settings. */
  public static EvalException usage(String message) {
    return new EvalException(message, true, null);
  }

  public static EvalException failed(String message, Throwable cause) {
    return new EvalException(message, false, cause);
  }

  public boolean isUsage() {
    return usage;
  }
}
