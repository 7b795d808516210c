package org.constcl.workflows.experiment;

import java.util.List;
import java.util.stream.Collectors;

/** An experiment that cannot run: every problem found, each with file, line and column. */
public final class ExperimentException extends Exception {
  private final List<ExperimentError> errors;

  public ExperimentException(List<ExperimentError> errors) {
    super(errors.stream().map(ExperimentError::toString).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public ExperimentException(Location at, String message) {
    this(List.of(new ExperimentError(at, message)));
  }

  public List<ExperimentError> errors() {
    return errors;
  }
}
