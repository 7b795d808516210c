package org.constcl.workflows.store;

/** A store operation refused or failed (a path escaping the store, an unreadable artifact). */
public final class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
