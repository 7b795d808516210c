package org.constcl.tfmodel.trainer;

/** Ends a training run with a one-line message; {@link #usage()} says whether nothing was run. */
public final class TrainException extends Exception {
  private static final long serialVersionUID = 1L;
  private final boolean usage;

  private TrainException(String message, boolean usage, Throwable cause) {
    super(message, cause);
    this.usage = usage;
  }

  /** Bad arguments, config or inputs, found before training started. */
  public static TrainException usage(String message) {
    return new TrainException(message, true, null);
  }

  /** Training started and failed. */
  public static TrainException failed(String message, Throwable cause) {
    return new TrainException(message, false, cause);
  }

  public boolean usage() {
    return usage;
  }
}
