package org.constcl.workflows.plan;

import java.util.List;
import java.util.Map;
import org.constcl.workflows.experiment.Cell;
import org.constcl.workflows.experiment.Experiment;

/**
 * An expanded experiment: every distinct stage instance in dependency order, and for each cell its
 * instances by role ({@code ingest}, {@code proposals}, {@code train}, {@code eval:<benchmark>},
 * {@code eval-random-init:<benchmark>}, ...).
 */
public record Plan(Experiment experiment, List<StageInstance> instances, Map<String, Map<String, StageInstance>> cellRoles) {
  public List<Cell> cells() {
    return experiment.cells();
  }
}
