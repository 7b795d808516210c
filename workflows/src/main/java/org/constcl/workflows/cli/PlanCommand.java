package org.constcl.workflows.cli;

import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.constcl.tfmodel.model.LayoutPlan;
import org.constcl.tfmodel.model.ModelConfig;
import org.constcl.tfmodel.model.StepMemory;
import org.constcl.tfmodel.trainer.ConfigTree;
import org.constcl.tfmodel.trainer.TrainConfig;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
import org.constcl.workflows.engine.PlanStatus;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.plan.Plan;
import org.constcl.workflows.plan.StageInstance;
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

  @Option(names = "--device-memory", paramLabel = "<GB>",
      description = "Also plan each training's layout on devices of this much memory: clips per device, the fewest"
          + " micro-batches that fit, peak memory and step time (estimates from the graph's tensor sizes).")
  Double deviceMemoryGb;

  @Option(names = "--devices", defaultValue = "8", paramLabel = "<n>",
      description = "Devices (GPUs) per worker for --device-memory (default: ${DEFAULT-VALUE}).")
  int devices;

  @Option(names = "--workers", defaultValue = "1", paramLabel = "<n>",
      description = "Worker machines for --device-memory (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--device-tflops", defaultValue = "100", paramLabel = "<x>",
      description = "Sustained TFLOP/s of one device for the step time (default: ${DEFAULT-VALUE}, about a third of an"
          + " A100's bfloat16 peak).")
  double deviceTflops;

  private final Console console;
  private final StageRegistry stages;

  @Inject
  PlanCommand(Console console, StageRegistry stages) {
    this.console = console;
    this.stages = stages;
  }

  @Override
  public Integer call() throws Exception {
    if (json && deviceMemoryGb != null) {
      throw CliException.usage("--device-memory prints text; leave out --json");
    }
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
    if (deviceMemoryGb != null) {
      printLayouts(plan);
    }
    return ExitCodes.OK;
  }

  /** One layout per distinct training recipe of the plan (its graph is built once, not run). */
  private void printLayouts(Plan plan) {
    if (deviceMemoryGb <= 0 || devices < 1 || workers < 1 || deviceTflops <= 0) {
      throw CliException.usage("--device-memory, --devices, --workers and --device-tflops must be positive");
    }
    console.out().printf(Locale.ROOT, "training layouts on %d × %d devices of %.0f GB at %.0f TFLOP/s sustained"
        + " (estimates: activations from the graph's tensor sizes, 10%% + 1 GiB kept free, conv FLOPs only):%n",
        workers, devices, deviceMemoryGb, deviceTflops);
    Map<String, String> byRecipe = new LinkedHashMap<>();
    for (StageInstance i : plan.instances()) {
      if (!i.kind().equals("train")) {
        continue;
      }
      TrainConfig config = TrainConfig.of(ConfigTree.parse(i.config().get("config").toString(), i.label()));
      String line = byRecipe.computeIfAbsent(config.digest(), d -> {
        ModelConfig model = config.model();
        StepMemory memory = StepMemory.of(model);
        try {
          return String.format(Locale.ROOT, "%s, views %d×%d², batch %d: state %.2f GB, %.2f GB of activations per clip;%n      %s",
              model.backbone(), model.frames(), model.size(), model.clipsPerBatch(),
              memory.stateBytes() / 1e9, memory.activationBytesPerClip() / 1e9,
              LayoutPlan.of(memory, model.clipsPerBatch(), devices, workers, (long) (deviceMemoryGb * 1e9), deviceTflops * 1e12)
                  .describe());
        } catch (IllegalArgumentException e) {
          return model.backbone() + ": " + e.getMessage();
        }
      });
      console.out().println("  " + i.label() + ": " + line);
    }
    console.out().flush();
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
