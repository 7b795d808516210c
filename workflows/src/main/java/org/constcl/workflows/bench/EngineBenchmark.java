package org.constcl.workflows.bench;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.engine.ChildJvm;
import org.constcl.workflows.engine.PlanStatus;
import org.constcl.workflows.experiment.Experiment;
import org.constcl.workflows.plan.ExternalDigests;
import org.constcl.workflows.plan.Plan;
import org.constcl.workflows.plan.Planner;
import org.constcl.workflows.stage.StageRegistry;
import org.constcl.workflows.store.ArtifactStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The engine's overheads: planning a 1,000-cell grid (baseline: loading and validating the same
 * file), a fully cached re-run of an experiment (baseline: the same JVM starting and printing its
 * version), and one ingest job on embedded Flink (baseline: the DirectRunner, same input).
 */
@Command(
    name = "engine",
    mixinStandardHelpOptions = true,
    description = {"Experiment engine overheads: planning a 1,000-cell grid vs loading it; a fully cached re-run vs JVM"
        + " start; an ingest job on embedded Flink vs the DirectRunner."})
public final class EngineBenchmark extends BenchVerb {
  @Option(names = "--experiment", defaultValue = "experiments/quickstart.yaml", paramLabel = "<file>",
      description = "Experiment to re-run fully cached and to extend into the grid (default: ${DEFAULT-VALUE}).")
  Path experiment;

  @Option(names = "--store", required = true, paramLabel = "<dir>", description = "A store where the experiment has run.")
  Path store;

  @Option(names = "--videos", defaultValue = "infra/samples/videos", paramLabel = "<dir>",
      description = "Videos for the ingest job (default: ${DEFAULT-VALUE}).")
  Path videos;

  @Mixin BenchOptions bench;

  private final StageRegistry stages;

  @Inject
  EngineBenchmark(Console console, StageRegistry stages) {
    super(console);
    this.stages = stages;
  }

  @Override
  String measure() throws Exception {
    return run(stages, experiment, store, videos, bench.repeats(), bench.workDir("engine"));
  }

  public static String run(StageRegistry stages, Path experiment, Path store, Path videos, int repeats, Path work)
      throws Exception {
    StringBuilder out = new StringBuilder();
    out.append(planning(stages, experiment, store, repeats, work));
    out.append(cachedRun(stages, experiment, store, repeats));
    out.append(jobOverhead(videos, repeats, work));
    return out.toString();
  }

  static String planning(StageRegistry stages, Path experiment, Path store, int repeats, Path work) throws Exception {
    Path grid = work.resolve("grid-1000.yaml");
    Files.writeString(grid, "extends: " + experiment.toAbsolutePath() + "\nname: grid-1000\ngrid:\n  axes:\n"
        + "    pretrain.regions: [random, slic, graph, person, object]\n"
        + "    pretrain.train.steps: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]\n"
        + "  seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]\n", StandardCharsets.UTF_8);
    ArtifactStore s = new ArtifactStore(store);
    int[] cells = new int[1];
    int[] instances = new int[1];
    Timings load = Timings.measure(repeats + 1, i -> cells[0] = stages.loader().load(grid, List.of()).cells().size());
    Timings plan = Timings.measure(repeats + 1, i -> {
      Experiment e = stages.loader().load(grid, List.of());
      Plan p = new Planner(stages, new ExternalDigests(s.digestCache())).plan(e);
      new PlanStatus(p, s);
      instances[0] = p.instances().size();
    });
    return String.format(Locale.ROOT, "plan a %d-cell grid (%d stage instances, with store lookups): median %.3f s"
            + " (target <= 2 s: %s)%n  baseline 'load and validate only': median %.3f s; ratio %.2f%n",
        cells[0], instances[0], plan.median(), plan.median() <= 2 ? "met" : "missed", load.median(),
        plan.median() / load.median());
  }

  static String cachedRun(StageRegistry stages, Path experiment, Path store, int repeats) throws Exception {
    ArtifactStore s = new ArtifactStore(store);
    Plan p = new Planner(stages, new ExternalDigests(s.digestCache())).plan(stages.loader().load(experiment, List.of()));
    long toRun = new PlanStatus(p, s).toRun();
    if (toRun > 0) {
      return "cached re-run: skipped, " + toRun + " instances of " + experiment.getFileName() + " are not in " + store
          + " (run it once first)\n";
    }
    List<Double> run = new ArrayList<>();
    List<Double> jvm = new ArrayList<>();
    for (int i = 0; i < repeats; i++) {
      jvm.add(wall(List.of("--version")));
      run.add(wall(List.of("run", experiment.toString(), "--store", store.toString())));
    }
    double r = new Timings(run.stream().mapToDouble(Double::doubleValue).toArray()).median();
    double j = new Timings(jvm.stream().mapToDouble(Double::doubleValue).toArray()).median();
    return String.format(Locale.ROOT, "fully cached re-run of %s (%d instances): median %.2f s;"
            + " baseline 'constcl --version' (JVM start): %.2f s; beyond JVM start %.2f s (target <= 3 s: %s), ratio %.2f%n",
        experiment.getFileName(), p.instances().size(), r, j, r - j, r - j <= 3 ? "met" : "missed", r / j);
  }

  static String jobOverhead(Path videos, int repeats, Path work) throws Exception {
    List<Double> flink = new ArrayList<>();
    List<Double> direct = new ArrayList<>();
    for (int i = 0; i < repeats; i++) {
      direct.add(wall(List.of("ingest", "--input", videos.toString(), "--output", work.resolve("direct").toString(), "--overwrite",
          "--runner=DirectRunner")));
      flink.add(wall(List.of("ingest", "--input", videos.toString(), "--output", work.resolve("flink").toString(), "--overwrite",
          "--runner=FlinkRunner")));
    }
    double f = new Timings(flink.stream().mapToDouble(Double::doubleValue).toArray()).median();
    double d = new Timings(direct.stream().mapToDouble(Double::doubleValue).toArray()).median();
    return String.format(Locale.ROOT, "ingest of %s as a child JVM: embedded Flink median %.2f s, baseline DirectRunner %.2f s;"
        + " ratio %.2f, per-job overhead %.2f s%n", videos, f, d, f / d, f - d);
  }

  private static double wall(List<String> args) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(ChildJvm.command(args)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    int exit = p.waitFor();
    if (exit != 0) {
      throw new IOException("constcl " + String.join(" ", args) + " exited with " + exit);
    }
    return (System.nanoTime() - t0) / 1e9;
  }
}
