package org.constcl.workflows.bench;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.engine.ChildJvm;
import org.constcl.workflows.plan.ExternalDigests;
import org.constcl.workflows.plan.Plan;
import org.constcl.workflows.plan.Planner;
import org.constcl.workflows.plan.StageInput;
import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.stage.StageRegistry;
import org.constcl.workflows.store.Artifact;
import org.constcl.workflows.store.ArtifactStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The store and engine at scale, whole processes: the fully cached re-run of a 608-instance sweep
 * over a store of ≥ 5 GB against the same re-run over a 50 MB store (cost must be flat in bytes;
 * the old behaviour, re-hashing every byte, is shown by {@code --verify full}), and the same no-op
 * re-run against Snakemake's on the equivalent 606-job Snakefile. The stores are filled with
 * artifacts of realistic file counts per stage kind under the sweep's real keys (committed through
 * the store, so every file is hashed and indexed once, as a real build would).
 */
@Command(
    name = "store-scale",
    mixinStandardHelpOptions = true,
    description = {"Fully cached re-run of a 608-instance sweep over a 5 GB store vs a 50 MB store (and vs re-hashing"
        + " every byte); the same no-op re-run vs Snakemake on the equivalent Snakefile."})
public final class StoreScaleBenchmark extends BenchVerb {
  /** Files per artifact and share of the store's bytes, per stage kind (from a quickstart store, scaled up). */
  private static final Map<String, double[]> SHAPE = Map.of(
      "ingest", new double[] {16, 0.40},
      "dataset-make", new double[] {77, 0.04},
      "dataset-ingest", new double[] {8, 0.10},
      "proposals", new double[] {16, 0.06},
      "train", new double[] {16, 0.36});
  private static final double[] EVAL_SHAPE = {15, 0.04};

  @Option(names = "--experiment", defaultValue = "experiments/bench/sweep-608.yaml", paramLabel = "<file>",
      description = "The sweep (default: ${DEFAULT-VALUE}).")
  Path experiment;

  @Option(names = "--gigabytes", defaultValue = "5", paramLabel = "<n>", description = "Bytes of the large store (default: ${DEFAULT-VALUE} GB).")
  double gigabytes;

  @Option(names = "--small-megabytes", defaultValue = "50", paramLabel = "<n>",
      description = "Bytes of the small store (default: ${DEFAULT-VALUE} MB).")
  double smallMegabytes;

  @Option(names = "--snakefile", defaultValue = "infra/bench/snakemake-606/Snakefile", paramLabel = "<file>",
      description = "The equivalent Snakemake workflow (default: ${DEFAULT-VALUE}).")
  Path snakefile;

  @Option(names = "--launcher", defaultValue = "bin/constcl", paramLabel = "<file>",
      description = "The fast-start launcher, measured too when present (default: ${DEFAULT-VALUE}).")
  Path launcher;

  @Mixin BenchOptions bench;

  private double snakemakeSeconds = Double.NaN; // set when Snakemake ran

  private final StageRegistry stages;
  private final java.io.PrintWriter err;

  @Inject
  StoreScaleBenchmark(Console console, StageRegistry stages) {
    super(console);
    this.stages = stages;
    this.err = console.err();
  }

  @Override
  String measure() throws Exception {
    Path work = bench.workDir("store-scale");
    Path big = work.resolve("store-large");
    Path small = work.resolve("store-small");
    Plan plan = new Planner(stages, new ExternalDigests(new ArtifactStore(small).digestCache()))
        .plan(stages.loader().load(experiment, List.of()));
    StringBuilder out = new StringBuilder();
    long bigBytes = populate(plan, big, (long) (gigabytes * 1e9));
    long smallBytes = populate(plan, small, (long) (smallMegabytes * 1e6));
    String exp = experiment.toString();
    List<Double> jvm = new ArrayList<>();
    List<Double> onSmall = new ArrayList<>();
    List<Double> onBig = new ArrayList<>();
    List<Double> full = new ArrayList<>();
    List<Double> fastJvm = new ArrayList<>();
    List<Double> fastSmall = new ArrayList<>();
    List<Double> fastBig = new ArrayList<>();
    boolean fast = Files.isExecutable(launcher);
    if (fast) {
      // the launcher's first call after a build writes its class archive, of the classes that call loads
      wall(launcher(List.of("run", exp, "--store", small.toString())));
    }
    for (int r = 0; r < bench.repeats(); r++) {
      jvm.add(wall(ChildJvm.command(List.of("--version"))));
      onSmall.add(wall(ChildJvm.command(List.of("run", exp, "--store", small.toString()))));
      onBig.add(wall(ChildJvm.command(List.of("run", exp, "--store", big.toString()))));
      full.add(wall(ChildJvm.command(List.of("run", exp, "--store", big.toString(), "--verify", "full"))));
      if (fast) {
        fastJvm.add(wall(launcher(List.of("--version"))));
        fastSmall.add(wall(launcher(List.of("run", exp, "--store", small.toString()))));
        fastBig.add(wall(launcher(List.of("run", exp, "--store", big.toString()))));
      }
    }
    double j = median(jvm);
    double s = median(onSmall);
    double b = median(onBig);
    double f = median(full);
    out.append(String.format(Locale.ROOT, "fully cached re-run of %s (%d instances), whole process (java -cp <jar>), median of %d:%n"
            + "  over a %.2f GB store: %.2f s; over a %.1f MB store: %.2f s; ratio %.2f (target: equal within noise)%n"
            + "  baseline 're-hash every byte' (--verify full) over the %.2f GB store: %.2f s; ratio to metadata %.2f%n"
            + "  JVM start ('constcl --version'): %.2f s%n",
        experiment.getFileName(), plan.instances().size(), bench.repeats(), bigBytes / 1e9, b, smallBytes / 1e6, s, b / s,
        bigBytes / 1e9, f, f / b, j));
    if (fast) {
      out.append(String.format(Locale.ROOT, "the same through %s (class-data archive, client compiler), median of %d:%n"
              + "  over the %.2f GB store: %.2f s; over the %.1f MB store: %.2f s; ratio %.2f; JVM start %.2f s%n",
          launcher, bench.repeats(), bigBytes / 1e9, median(fastBig), smallBytes / 1e6, median(fastSmall),
          median(fastBig) / median(fastSmall), median(fastJvm)));
    }
    out.append(snakemake(work));
    if (Double.isNaN(snakemakeSeconds)) {
      return out.toString();
    }
    out.append(versus("java -cp <jar>", s, j, snakemakeSeconds));
    if (fast) {
      out.append(versus(launcher.toString(), median(fastSmall), median(fastJvm), snakemakeSeconds));
    }
    return out.toString();
  }

  private List<String> launcher(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(launcher.toString());
    cmd.addAll(args);
    return cmd;
  }

  private static String versus(String how, double constclRun, double jvm, double sm) {
    return String.format(Locale.ROOT, "  constcl (%s) %.2f s (JVM start %.2f s, beyond JVM start %.2f s); ratio"
            + " constcl-beyond-JVM / snakemake %.2f (target <= 1: %s)%n",
        how, constclRun, jvm, constclRun - jvm, (constclRun - jvm) / sm, constclRun - jvm <= sm ? "met" : "missed");
  }

  /**
   * Fills {@code root} with an artifact for every instance, {@code bytes} in all; once per plan: the marker records the
   * plan's keys, and a store populated for other keys (the code or the sweep changed) is emptied and filled again, as a
   * re-run over it would otherwise rebuild the sweep instead of measuring lookups.
   */
  private long populate(Plan plan, Path root, long bytes) throws IOException {
    Path done = root.resolve("bench-populated");
    String keys = keysDigest(plan);
    if (Files.isRegularFile(done)) {
      List<String> marker = Files.readAllLines(done, StandardCharsets.UTF_8);
      if (marker.size() == 2 && marker.get(1).equals(keys)) {
        return Long.parseLong(marker.get(0).strip());
      }
      err.println("bench: " + root + " was populated for other keys; filling it again");
      err.flush();
      deleteTree(root);
    }
    ArtifactStore store = new ArtifactStore(root);
    Map<String, Integer> perKind = new HashMap<>();
    plan.instances().forEach(i -> perKind.merge(i.kind(), 1, Integer::sum));
    Map<String, Artifact> built = new HashMap<>();
    SplittableRandom random = new SplittableRandom(42);
    long total = 0;
    for (StageInstance i : plan.instances()) {
      double[] shape = SHAPE.getOrDefault(i.kind(), EVAL_SHAPE);
      int files = (int) shape[0];
      double evalKinds = plan.instances().stream().map(StageInstance::kind).filter(k -> !SHAPE.containsKey(k)).count();
      double instancesOfShape = SHAPE.containsKey(i.kind()) ? perKind.get(i.kind()) : evalKinds;
      long each = (long) (bytes * shape[1] / instancesOfShape / (files - 1)); // the last file is the done marker
      Path w = store.workDir(i);
      Files.createDirectories(w);
      for (int f = 0; f < files - 1; f++) {
        total += write(w.resolve(String.format(Locale.ROOT, "part-%05d-of-%05d.bin", f, files - 1)), each, random);
      }
      Files.writeString(w.resolve(i.stage().info().doneMarker()), "{}", StandardCharsets.UTF_8);
      Map<String, Artifact> inputs = new HashMap<>();
      i.inputs().forEach((name, in) -> {
        if (in instanceof StageInput.Upstream u) {
          inputs.put(name, built.get(u.instance().key()));
        }
      });
      built.put(i.key(), store.commit(i, w, inputs, 0, "bench-populate"));
    }
    Files.writeString(done, total + "\n" + keys + "\n");
    return total;
  }

  private static String keysDigest(Plan plan) {
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      plan.instances().forEach(i -> sha.update((i.key() + "\n").getBytes(StandardCharsets.UTF_8)));
      return java.util.HexFormat.of().formatHex(sha.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static long write(Path file, long size, SplittableRandom random) throws IOException {
    byte[] block = new byte[1 << 20];
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (long left = size; left > 0; ) {
        random.nextBytes(block); // distinct content, so no file system or cache can shortcut it
        int n = (int) Math.min(block.length, left);
        ch.write(ByteBuffer.wrap(block, 0, n));
        left -= n;
      }
    }
    return size;
  }

  /** Snakemake's no-op re-run of the equivalent workflow, built once in the work folder; sets {@link #snakemakeSeconds}. */
  private String snakemake(Path work) throws Exception {
    if (!Files.isRegularFile(snakefile)) {
      return "snakemake comparison: skipped, no " + snakefile + "\n";
    }
    Path dir = Files.createDirectories(work.resolve("snakemake"));
    Files.copy(snakefile, dir.resolve("Snakefile"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String version;
    try {
      version = run(dir, List.of("snakemake", "--version"), 60).strip();
    } catch (IOException e) {
      return "snakemake comparison: skipped, snakemake is not installed (apt-get install snakemake: 7.21 on Debian 12)\n";
    }
    run(dir, List.of("snakemake", "-j1", "-q"), 3600); // build once (a no-op when already built)
    List<Double> times = new ArrayList<>();
    for (int r = 0; r < bench.repeats(); r++) {
      long t0 = System.nanoTime();
      String o = run(dir, List.of("snakemake", "-j1", "-q"), 600);
      times.add((System.nanoTime() - t0) / 1e9);
      if (!o.isBlank() && !o.contains("Nothing to be done")) {
        throw new IOException("snakemake's re-run was not a no-op: " + o);
      }
    }
    snakemakeSeconds = median(times);
    return String.format(Locale.ROOT, "no-op re-run vs Snakemake %s on the equivalent workflow (%s: 606 jobs), whole"
        + " process, median of %d: snakemake %.2f s%n", version, snakefile, bench.repeats(), snakemakeSeconds);
  }

  private static String run(Path dir, List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
    return out;
  }

  private static double wall(List<String> cmd) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue() + ": " + out);
    }
    if (cmd.contains("run") && !out.contains("0 misses")) {
      throw new IOException(String.join(" ", cmd) + " was not fully cached: " + out);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double median(List<Double> xs) {
    return new Timings(xs.stream().mapToDouble(Double::doubleValue).toArray()).median();
  }
}
