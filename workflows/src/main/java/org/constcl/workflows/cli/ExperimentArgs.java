package org.constcl.workflows.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.experiment.Experiment;
import org.constcl.workflows.experiment.ExperimentException;
import org.constcl.workflows.plan.ExternalDigests;
import org.constcl.workflows.plan.Plan;
import org.constcl.workflows.plan.Planner;
import org.constcl.workflows.stage.StageRegistry;
import org.constcl.workflows.store.ArtifactStore;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The experiment file, its overrides and the store: what plan and run share. */
public final class ExperimentArgs {
  @Parameters(index = "0", paramLabel = "<experiment.yaml>", description = "Experiment file (docs/experiments.md).")
  Path file;

  @Option(names = "--set", paramLabel = "<key=value>", description = "Override a key, e.g. --set pretrain.train.steps=60"
      + " (repeatable; the value is read as YAML).")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--store", paramLabel = "<dir|uri>", description = "Artifact store: a folder, or a URI of any Beam file"
      + " system (gs://, hdfs://, file://) mirrored locally (default: $CONSTCL_STORE, else ~/.cache/constcl/store).")
  String store;

  @Option(names = "--mirror", paramLabel = "<dir>", description = "Local mirror of a remote --store (default:"
      + " ~/.cache/constcl/mirrors/<hash of the URI>).")
  Path mirror;

  @Option(names = "--verify", paramLabel = "<metadata|full>", defaultValue = "metadata", description = "How cached"
      + " artifacts are verified: metadata (default; files are re-hashed only when their size, time or inode changed since"
      + " last hashed) or full (every byte re-hashed; constcl store scrub does that for the whole store).")
  String verify;

  ArtifactStore openStore() {
    ArtifactStore.Verification v = switch (verify) {
      case "metadata" -> ArtifactStore.Verification.METADATA;
      case "full" -> ArtifactStore.Verification.FULL;
      default -> throw CliException.usage("--verify must be metadata or full, got '" + verify + "'");
    };
    try {
      return ArtifactStore.open(store != null ? store : ArtifactStore.defaultRoot().toString(), mirror).verification(v);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--store " + store + ": " + e.getMessage());
    }
  }

  /** An experiment's plan and the store it is planned against. */
  record Planned(ArtifactStore store, Plan plan) {}

  /** Opens the store, loads and plans the experiment. */
  Planned planned(StageRegistry stages) {
    ArtifactStore s = openStore();
    return new Planned(s, plan(s, stages));
  }

  /** Loads and plans the experiment; invalid files are usage errors (exit 2) listing every problem. */
  private Plan plan(ArtifactStore s, StageRegistry stages) {
    Experiment e;
    try {
      e = stages.loader().load(file, overrides);
    } catch (ExperimentException ex) {
      throw CliException.usage("invalid experiment (nothing was run):\n" + ex.getMessage());
    }
    return new Planner(stages, new ExternalDigests(s.digestCache())).plan(e);
  }
}
