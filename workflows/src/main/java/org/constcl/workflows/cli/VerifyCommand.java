package org.constcl.workflows.cli;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.constcl.transforms.io.FileDigest;
import org.constcl.workflows.cluster.ClusterStages;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
import org.constcl.workflows.engine.Reexecution;
import org.constcl.workflows.engine.RunOptions;
import org.constcl.workflows.experiment.Experiment;
import org.constcl.workflows.experiment.ExperimentException;
import org.constcl.workflows.plan.ExternalDigests;
import org.constcl.workflows.plan.Plan;
import org.constcl.workflows.plan.Planner;
import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.report.ManifestFile;
import org.constcl.workflows.stage.StageRegistry;
import org.constcl.workflows.store.ArtifactStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code constcl verify <run>}: re-executes a run's stored stage instances and compares every output file's digest. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Re-execute stage instances of a run from their stored inputs into a scratch folder and compare every"
        + " output file's SHA-256 with the stored artifact: prints which stages reproduce byte for byte and, for the"
        + " others, the first differing file. JSON files are compared without their timing fields (wall and step"
        + " times, rates) and TensorBoard event files by count, and such files are named. Exits 1 when any does not"
        + " reproduce."})
final class VerifyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "<run>", description = "A run folder (<store>/runs/<run>) or its manifest.json.")
  String run;

  @Option(names = "--stage", paramLabel = "<kind>", split = ",",
      description = "Only instances of these stage kinds (train, eval-propagation, ...; default: all).")
  List<String> kinds = new ArrayList<>();

  @Option(names = "--sample", paramLabel = "<n>", defaultValue = "0", description = "Re-execute n instances chosen at random"
      + " (default: all).")
  int sample;

  @Option(names = "--seed", paramLabel = "<n>", defaultValue = "1", description = "Seed of the sample (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--scratch", paramLabel = "<dir>", description = "Where re-executions build (default: <store>/verify/<run>).")
  Path scratch;

  @Option(names = {"--flink-master", "--flinkMaster"}, paramLabel = "<host:port>", description = "Re-execute on this Flink"
      + " session cluster, as constcl run --flink-master runs stages: training and evaluation as stage jobs (multi-worker"
      + " trainings as one job of a task per worker), Beam stages as pipelines. Default: here, in child JVMs.")
  String flinkMaster;

  @Option(names = "--stage-gpus", paramLabel = "<n>", description = "On a cluster: GPUs each training or evaluation stage"
      + " asks for. Default: 1 where the cluster's TaskManagers declare GPUs, else 0.")
  Integer stageGpus;

  private final Console console;
  private final StageRegistry stages;

  @Inject
  VerifyCommand(Console console, StageRegistry stages) {
    this.console = console;
    this.stages = stages;
  }

  @Override
  public Integer call() throws Exception {
    ManifestFile m;
    try {
      m = ManifestFile.read(run);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    JsonNode exp = m.json().path("experiment");
    for (JsonNode f : exp.path("files")) {
      Path p = Path.of(f.get("path").asText());
      if (!Files.isRegularFile(p) || !FileDigest.sha256Hex(p).equals(f.get("sha256").asText())) {
        throw CliException.usage("the experiment file " + p + " is not what run " + m.json().path("run").asText()
            + " read (missing or changed since): verify re-plans the run from it");
      }
    }
    List<String> overrides = new ArrayList<>();
    exp.path("overrides").forEach(o -> overrides.add(o.asText()));
    ArtifactStore store = new ArtifactStore(Path.of(m.json().path("store").asText()));
    Experiment e;
    try {
      e = stages.loader().load(Path.of(exp.get("file").asText()), overrides);
    } catch (ExperimentException ex) {
      throw CliException.usage("cannot load the run's experiment again:\n" + ex.getMessage());
    }
    Plan plan = new Planner(stages, new ExternalDigests(store.digestCache())).plan(e);
    Set<String> known = new LinkedHashSet<>();
    plan.instances().forEach(i -> known.add(i.kind()));
    for (String k : kinds) {
      if (!known.contains(k)) {
        throw CliException.usage("--stage " + k + ": the run has no such stage kind (it has " + String.join(", ", known) + ")");
      }
    }
    List<StageInstance> chosen = Reexecution.choose(plan, m.json(), Set.copyOf(kinds), sample, seed);
    // Instances the run built whose keys the plan does not make again: their code or inputs changed since.
    Set<String> planned = new java.util.HashSet<>();
    plan.instances().forEach(i -> planned.add(i.key()));
    List<String> lost = new ArrayList<>();
    m.json().path("instances").fields().forEachRemaining(en -> {
      JsonNode i = en.getValue();
      if (i.has("artifact") && !planned.contains(en.getKey()) && (kinds.isEmpty() || kinds.contains(i.path("kind").asText()))) {
        lost.add(i.path("label").asText());
      }
    });
    if (chosen.isEmpty() && lost.isEmpty()) {
      throw CliException.usage("no stored instance of the run matches (see the manifest's instances)");
    }
    Path where = scratch != null ? scratch : store.root().resolve("verify").resolve(m.json().path("run").asText());
    RunOptions options;
    try {
      options = new RunOptions(flinkMaster, 0, null, 1, 1, RunOptions.DEFAULT_RESTARTS, stageGpus != null ? stageGpus : -1, false);
    } catch (IllegalArgumentException ex) {
      throw CliException.usage(ex.getMessage());
    }
    ClusterStages cluster = null;
    if (options.remote()) {
      if (JobJar.current().isEmpty()) {
        throw CliException.usage("--flink-master " + flinkMaster + " stages the shaded jar, but constcl is not running from"
            + " one: run java -jar workflows/target/constcl.jar verify ...");
      }
      Files.createDirectories(where);
      cluster = ClusterStages.connect(flinkMaster, where, options.clusterRestarts());
    }
    Reexecution re = new Reexecution(store, where, options, cluster);
    console.out().printf("re-executing %d stage instance(s) of run %s into %s%s%n", chosen.size(), m.json().path("run").asText(),
        where, cluster == null ? "" : " on the Flink cluster at " + flinkMaster);
    console.out().flush();
    int differ = lost.size();
    for (String label : lost) {
      console.out().printf("✗ not re-planned %-35s its key is not in the plan any more: constcl's code or an input of the"
          + " run changed since it ran (verify re-executes with the code and inputs the keys name)%n", label);
    }
    for (StageInstance i : chosen) {
      Reexecution.Verdict v;
      try {
        v = re.verify(i);
      } catch (IllegalStateException ex) {
        v = new Reexecution.Verdict(i, false, 0, List.of(), ex.getMessage(), 0, "");
      }
      differ += v.reproducible() ? 0 : 1;
      console.out().println(v.reproducible()
          ? String.format(Locale.ROOT, "✔ reproducible  %-36s %d files byte for byte%s (%.1f s)", i.label(), v.files(),
              v.timingOnly().isEmpty() ? "" : ", " + v.timingOnly().size() + " equal but for timings or work paths " + v.timingOnly(),
              v.seconds())
          : String.format(Locale.ROOT, "✗ differs       %-36s first difference: %s%s", i.label(), v.firstDifference(),
              v.log().isEmpty() ? "" : " (log: " + v.log() + ")"));
      console.out().flush();
    }
    console.out().printf("%d of %d reproduce (byte for byte; JSON timing fields and event files as named)%n",
        chosen.size() + lost.size() - differ, chosen.size() + lost.size());
    console.out().flush();
    if (differ > 0) {
      throw new CliException(ExitCodes.FAILED, differ + " stage instance(s) did not reproduce");
    }
    return ExitCodes.OK;
  }
}
