package org.constcl.transforms.input;

/** The input specification (path, glob or manifest) is unusable; the message names the problem. */
public final class InputException extends Exception {
  private static final long serialVersionUID = 1L;

  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
