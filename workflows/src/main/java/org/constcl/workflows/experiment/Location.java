package org.constcl.workflows.experiment;

/** Where a value of an experiment came from: a file with 1-based line and column, or the command line. */
public record Location(String source, int line, int column) {
  /** A {@code --set} on the command line. */
  public static Location commandLine(String setting) {
    return new Location("--set " + setting, 0, 0);
  }

  @Override
  public String toString() {
    return line > 0 ? source + ":" + line + ":" + column : source;
  }
}
