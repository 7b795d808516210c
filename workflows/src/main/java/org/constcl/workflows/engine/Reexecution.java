package org.constcl.workflows.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.constcl.transforms.io.FileTrees;
import org.constcl.workflows.cluster.ClusterStages;
import org.constcl.workflows.plan.Plan;
import org.constcl.workflows.plan.StageInput;
import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.stage.Resource;
import org.constcl.workflows.store.Artifact;
import org.constcl.workflows.store.ArtifactStore;

/**
 * Re-executes stored stage instances of a run and checks their outputs byte for byte: each chosen
 * instance is built again from its stored inputs into a scratch folder, by the same command the
 * engine ran, and every output file's SHA-256 is compared with the one its artifact recorded.
 */
public final class Reexecution {
  /**
   * The verdict on one instance.
   *
   * @param files output files equal byte for byte
   * @param timingOnly files equal once their timing fields are left out, and event files (see {@link TimingFields})
   */
  public record Verdict(StageInstance instance, boolean reproducible, int files, List<String> timingOnly, String firstDifference,
      double seconds, String log) {}

  private final ArtifactStore store;
  private final Path scratch;
  private final RunOptions options;
  private final ClusterStages cluster;

  /** @param scratch where re-executions build (a folder of its own; kept for inspection) */
  public Reexecution(ArtifactStore store, Path scratch, RunOptions options) {
    this(store, scratch, options, null);
  }

  /**
   * Re-executions on a Flink cluster when {@code cluster} is not null: training and evaluation
   * stages as stage jobs (multi-worker trainings too), Beam stages as pipelines sent by a local
   * process (the {@code options} name the cluster), as {@code constcl run --flink-master} does.
   */
  public Reexecution(ArtifactStore store, Path scratch, RunOptions options, ClusterStages cluster) {
    this.store = store;
    this.scratch = scratch;
    this.options = options;
    this.cluster = cluster;
  }

  /**
   * The instances of {@code plan} that {@code manifest} lists with an artifact, of the given kinds
   * (all when empty), at most {@code sample} of them chosen with {@code seed} (all when 0), in plan order.
   */
  public static List<StageInstance> choose(Plan plan, JsonNode manifest, Set<String> kinds, int sample, long seed) {
    List<StageInstance> out = new ArrayList<>();
    JsonNode listed = manifest.path("instances");
    for (StageInstance i : plan.instances()) {
      JsonNode m = listed.path(i.key());
      if (m.has("artifact") && (kinds.isEmpty() || kinds.contains(i.kind()))) {
        out.add(i);
      }
    }
    if (sample > 0 && sample < out.size()) {
      List<StageInstance> shuffled = new ArrayList<>(out);
      Collections.shuffle(shuffled, new Random(seed));
      Set<StageInstance> keep = Set.copyOf(shuffled.subList(0, sample));
      out.removeIf(i -> !keep.contains(i));
    }
    return out;
  }

  /** Builds {@code i} again and compares; the stored artifact and its inputs must be in the store. */
  public Verdict verify(StageInstance i) throws IOException, InterruptedException {
    int workers = i.stage().workers(i);
    if (workers > 1 && cluster == null) {
      return new Verdict(i, false, 0, List.of(), "runs in " + workers + " processes, which only a Flink cluster starts:"
          + " verify it with --flink-master", 0, "");
    }
    Artifact stored = present(i, "stored artifact");
    Map<String, Artifact> inputs = new LinkedHashMap<>();
    for (Map.Entry<String, StageInput> e : i.inputs().entrySet()) {
      if (e.getValue() instanceof StageInput.Upstream u) {
        inputs.put(e.getKey(), present(u.instance(), "input '" + e.getKey() + "'"));
      }
    }
    // The same folder names as in the store (work/<kind>/<key>): stages that record paths relative
    // to their output see the same ones.
    Path work = scratch.resolve("work").resolve(i.kind()).resolve(i.key());
    Path stageScratch = work.resolveSibling(i.key() + ".scratch");
    for (Path p : List.of(work, stageScratch)) {
      if (Files.exists(p)) {
        FileTrees.delete(p);
      }
    }
    Files.createDirectories(i.stage().info().createsOutputFolder() ? work.getParent() : work);
    List<String> args = i.stage().arguments(i, inputs, work, stageScratch, options);
    Path log = scratch.resolve("logs").resolve(i.kind() + "-" + i.shortKey() + ".log");
    Files.createDirectories(log.getParent());
    long t0 = System.nanoTime();
    if (cluster != null && i.stage().resource() != Resource.BEAM) {
      Files.writeString(log, "# constcl " + String.join(" ", args) + "\n", StandardCharsets.UTF_8);
      ClusterStageRun.Result r = ClusterStageRun.run(cluster, options, i, args,
          workers > 1 ? i.stage().workerArguments(i, stageScratch) : List.of(), workers, log, stageScratch.resolve("attempts"));
      if (r.failure() != null) {
        return new Verdict(i, false, 0, List.of(), r.jobId() == null ? r.failure() : "stage job " + r.jobId() + " failed: " + r.failure(),
            (System.nanoTime() - t0) / 1e9, log.toString());
      }
    } else {
      Process p = ChildJvm.start(args, log, Map.of());
      int exit = p.waitFor();
      if (exit != 0) {
        return new Verdict(i, false, 0, List.of(), "constcl " + args.get(0) + " exited with " + exit,
            (System.nanoTime() - t0) / 1e9, log.toString());
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    SortedMap<String, String> expected = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> files = stored.record().path("files").fields();
    files.forEachRemaining(e -> expected.put(e.getKey(), e.getValue().path("sha256").asText()));
    SortedMap<String, String> actual = ArtifactStore.fileDigests(work);
    List<String> timingOnly = new ArrayList<>();
    String first = firstDifference(stored.dir(), store.root().resolve("work"), expected, work, scratch.resolve("work"), actual,
        timingOnly);
    return new Verdict(i, first == null, expected.size() - timingOnly.size(), timingOnly, first, seconds, log.toString());
  }

  /**
   * The first file, in path order, that differs, is missing or is extra; null when all are equal.
   * JSON files that differ only in timing fields or in where the stage's work folder was, and
   * TensorBoard event files (one for one), are added to {@code timingOnly} instead.
   */
  static String firstDifference(Path storedDir, Path storedWorkRoot, SortedMap<String, String> expected, Path work,
      Path workRoot, SortedMap<String, String> actual, List<String> timingOnly) throws IOException {
    // Event files are named by their start time: pair them by folder and count.
    Map<String, Long> storedEvents = eventFolders(expected);
    Map<String, Long> newEvents = eventFolders(actual);
    if (!storedEvents.equals(newEvents)) {
      return "TensorBoard event files " + storedEvents + " stored, " + newEvents + " again";
    }
    TreeMap<String, String> all = new TreeMap<>();
    expected.keySet().forEach(k -> all.put(k, ""));
    actual.keySet().forEach(k -> all.put(k, ""));
    for (String f : all.keySet()) {
      if (TimingFields.isEventFile(f)) {
        if (expected.containsKey(f)) {
          timingOnly.add(f);
        }
        continue;
      }
      String a = expected.get(f);
      String b = actual.get(f);
      if (a == null) {
        return f + " (not in the stored artifact)";
      }
      if (b == null) {
        return f + " (not written again)";
      }
      if (a.equals(b)) {
        continue;
      }
      if (TimingFields.mayHoldTimings(f)) {
        String x = TimingFields.withoutTimings(storedDir.resolve(f), storedWorkRoot);
        if (x != null && x.equals(TimingFields.withoutTimings(work.resolve(f), workRoot))) {
          timingOnly.add(f);
          continue;
        }
      }
      return f + " (sha256 " + a.substring(0, 12) + "… stored, " + b.substring(0, 12) + "… again)";
    }
    return null;
  }

  private static Map<String, Long> eventFolders(SortedMap<String, String> files) {
    Map<String, Long> out = new TreeMap<>();
    for (String f : files.keySet()) {
      if (TimingFields.isEventFile(f)) {
        out.merge(f.contains("/") ? f.substring(0, f.lastIndexOf('/')) : ".", 1L, Long::sum);
      }
    }
    return out;
  }

  private Artifact present(StageInstance i, String what) {
    if (store.find(i) instanceof ArtifactStore.Found.Present p) {
      return p.artifact();
    }
    throw new IllegalStateException(what + " " + i.label() + " (" + i.shortKey() + ") is not in the store " + store.root()
        + " (collected, or the run did not finish it)");
  }
}
