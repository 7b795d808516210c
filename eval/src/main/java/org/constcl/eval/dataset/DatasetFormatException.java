package org.constcl.eval.dataset;

/** A dataset's split or annotation files are missing or malformed; the message names file and line. */
public final class DatasetFormatException extends Exception {
  public DatasetFormatException(String message) {
    super(message);
  }
}
