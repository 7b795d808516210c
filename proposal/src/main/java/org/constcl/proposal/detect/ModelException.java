package org.constcl.proposal.detect;

/** A detector model that is missing, unreadable, or whose outputs cannot be interpreted. */
public final class ModelException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ModelException(String message) {
    super(message);
  }

  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
