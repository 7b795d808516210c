package org.constcl.eval.ava;

/** An AVA input file that cannot be read as the format says, naming the file and line. */
public final class AvaFormatException extends Exception {
  public AvaFormatException(String message) {
    super(message);
  }
}
