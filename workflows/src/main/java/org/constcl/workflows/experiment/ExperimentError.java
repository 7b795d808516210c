package org.constcl.workflows.experiment;

/** One problem in an experiment file, at the place it was found. */
public record ExperimentError(Location location, String message) {
  @Override
  public String toString() {
    return location + ": " + message;
  }
}
