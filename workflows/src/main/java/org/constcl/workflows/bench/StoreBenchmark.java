package org.constcl.workflows.bench;

import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.engine.PlanStatus;
import org.constcl.workflows.plan.ExternalDigests;
import org.constcl.workflows.plan.Plan;
import org.constcl.workflows.plan.Planner;
import org.constcl.workflows.stage.StageRegistry;
import org.constcl.workflows.store.ArtifactStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What a cached lookup costs: every stage instance of an experiment looked up in a store where it
 * is cached, by a fresh store object each time (as a new engine process would), verified by file
 * metadata against the baseline of re-hashing every byte (the store's behaviour before).
 */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    description = "Cached lookups of an experiment's instances: verified by file metadata vs re-hashing every byte.")
public final class StoreBenchmark extends BenchVerb {
  @Option(names = "--experiment", defaultValue = "experiments/quickstart.yaml", paramLabel = "<file>",
      description = "Experiment whose instances are looked up (default: ${DEFAULT-VALUE}).")
  Path experiment;

  @Option(names = "--store", required = true, paramLabel = "<dir>", description = "A store where the experiment has run.")
  Path store;

  @Mixin BenchOptions bench;

  private final StageRegistry stages;

  @Inject
  StoreBenchmark(Console console, StageRegistry stages) {
    super(console);
    this.stages = stages;
  }

  @Override
  String measure() throws Exception {
    Plan p = new Planner(stages, new ExternalDigests(new ArtifactStore(store).digestCache()))
        .plan(stages.loader().load(experiment, List.of()));
    long toRun = new PlanStatus(p, new ArtifactStore(store)).toRun(); // also records every file's metadata once
    if (toRun > 0) {
      return "store lookups: skipped, " + toRun + " instances of " + experiment.getFileName() + " are not in " + store
          + " (run it once first)\n";
    }
    long[] hashed = new long[2];
    Timings metadata = Timings.measure(bench.repeats() + 1, i -> {
      ArtifactStore s = new ArtifactStore(store).verification(ArtifactStore.Verification.METADATA);
      new PlanStatus(p, s);
      hashed[0] = s.hashedBytes();
    });
    Timings full = Timings.measure(bench.repeats() + 1, i -> {
      ArtifactStore s = new ArtifactStore(store).verification(ArtifactStore.Verification.FULL);
      new PlanStatus(p, s);
      hashed[1] = s.hashedBytes();
    });
    long bytes;
    try (Stream<Path> s = Files.walk(store.resolve("artifacts"))) {
      bytes = s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
    return String.format(Locale.ROOT, "lookups of %s's %d instances in %s (%.1f MB of artifacts): verified by metadata"
            + " median %.3f s, %.1f MB hashed; baseline 're-hash every byte' (--verify full): median %.3f s, %.1f MB hashed;"
            + " ratio %.2f%n", experiment.getFileName(), p.instances().size(), store, bytes / 1e6, metadata.median(),
        hashed[0] / 1e6, full.median(), hashed[1] / 1e6, full.median() / metadata.median());
  }
}
