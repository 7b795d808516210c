package org.constcl.workflows.cli;

import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
import org.constcl.workflows.engine.PlanStatus;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.plan.Plan;
import org.constcl.workflows.stage.StageRegistry;
import org.constcl.workflows.store.ArtifactStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code constcl plan}: the DAG of an experiment with each instance cached or to run, why, and a time estimate. */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Validate an experiment file and show its plan: cells, merged stage instances, what is cached and why,"
        + " what would run, and an estimate from past runs in the store. Runs nothing."})
final class PlanCommand implements Callable<Integer> {
  @Mixin ExperimentArgs experiment;

  @Option(names = "--json", description = "Print the plan as JSON.")
  boolean json;

  private final Console console;
  private final StageRegistry stages;

  @Inject
  PlanCommand(Console console, StageRegistry stages) {
    this.console = console;
    this.stages = stages;
  }

  @Override
  public Integer call() throws Exception {
    ExperimentArgs.Planned planned = experiment.planned(stages);
    ArtifactStore store = planned.store();
    Plan plan = planned.plan();
    PlanStatus status = new PlanStatus(plan, store);
    if (json) {
      console.out().println(CanonicalJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(status.json()));
      console.out().flush();
    } else {
      status.print(console.out(), store);
    }
    return ExitCodes.OK;
  }

  /** {@code constcl schema}: the experiment format as JSON Schema. */
  @Command(name = "schema", mixinStandardHelpOptions = true,
      description = "Print the JSON Schema of experiment files (experiments/schema/experiment.schema.json is this output).")
  static final class Schema implements Callable<Integer> {
    private final Console console;
    private final StageRegistry stages;

    @Inject
    Schema(Console console, StageRegistry stages) {
      this.console = console;
      this.stages = stages;
    }

    @Override
    public Integer call() throws Exception {
      console.out().println(CanonicalJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
          stages.schema().jsonSchema()));
      console.out().flush();
      return ExitCodes.OK;
    }
  }
}
