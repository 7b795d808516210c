package org.constcl.workflows.bench;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.engine.ChildJvm;
import org.constcl.workflows.engine.FastStart;
import org.constcl.workflows.engine.WarmWorkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A stage's fixed cost: each stage kind the engine starts (ingest, proposals, datasets, train,
 * eval; ingest also forced onto embedded Flink, to show the mini cluster's cost) as a whole process on a minimal input, wall and CPU time, in a default JVM and with the
 * engine's fast-start options ({@link FastStart}), against {@code constcl --version} in the same
 * JVM configuration, and each stage handed to a running warm worker ({@link WarmWorkers}); plus a
 * timeline of where each stage's start-up goes.
 */
@Command(
    name = "startup",
    mixinStandardHelpOptions = true,
    description = {"Whole-process wall and CPU time of each stage kind on a minimal input vs 'constcl --version', in a"
        + " default JVM and with the engine's fast-start options, and in a warm worker (constcl run's default), with a"
        + " start-up timeline per stage."})
public final class StartupBenchmark extends BenchVerb {
  @Option(names = "--video", split = ",", defaultValue = "infra/samples/videos/g1.avi,infra/samples/videos/g2.avi",
      paramLabel = "<file>", description = "The minimal input: two short videos, as a DAVIS-style set needs two"
          + " (default: ${DEFAULT-VALUE}).")
  List<Path> videos;

  @Mixin BenchOptions bench;

  @Inject
  StartupBenchmark(Console console) {
    super(console);
  }

  @Override
  String measure() throws Exception {
    for (Path v : videos) {
      if (!Files.isRegularFile(v)) {
        throw CliException.usage("--video " + v + ": no such file");
      }
    }
    if (videos.size() < 2) {
      throw CliException.usage("--video: give two videos (the datasets stage makes a DAVIS-style set, which needs two)");
    }
    return run(videos, bench.repeats(), bench.workDir("startup"));
  }

  /** The two JVM configurations compared. */
  private enum Mode {
    DEFAULT,
    FAST
  }

  private record Sample(double wall, double cpu) {}

  static String run(List<Path> inputs, int repeats, Path work) throws Exception {
    Path videos = Files.createDirectories(work.resolve("videos"));
    long bytes = 0;
    for (Path v : inputs) {
      Files.copy(v, videos.resolve(v.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      bytes += Files.size(v);
    }
    FastStart fast = new FastStart(work.resolve("cds"), true);
    Map<String, StageCall> calls = calls(videos, work);

    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "stage start-up on %s (%d bytes), %d runs per configuration, medians%n",
        inputs.stream().map(p -> p.getFileName().toString()).toList(), bytes, repeats));
    Map<String, Double> firstFast = new LinkedHashMap<>();
    Map<String, StartupTimeline> timelines = new LinkedHashMap<>();
    Map<String, Double> timelineWall = new LinkedHashMap<>();
    // Untimed: every input the later stages read, and the fast-start archive of each stage kind
    // (its first run writes it as it exits; that run's time is reported apart).
    for (StageCall c : calls.values()) {
      firstFast.put(c.name, launch(c.args(0, "first"), fast, List.of()).wall);
    }
    Map<String, Map<Mode, List<Sample>>> samples = new LinkedHashMap<>();
    Map<String, List<Double>> warmWall = new LinkedHashMap<>();
    try (WarmWorkers warm = new WarmWorkers(fast)) {
      for (StageCall c : calls.values()) {
        if (!c.name.equals("version")) {
          warmRun(warm, c.args(0, "warm-first"), work); // untimed: the worker's first stage of this kind
        }
      }
      for (int i = 0; i < repeats; i++) {
        for (StageCall c : calls.values()) {
          Map<Mode, List<Sample>> s = samples.computeIfAbsent(c.name, k -> new LinkedHashMap<>());
          // Interleaved, so that a slow spell of the machine hits every configuration.
          s.computeIfAbsent(Mode.DEFAULT, k -> new ArrayList<>()).add(launch(c.args(i, "default"), null, List.of()));
          s.computeIfAbsent(Mode.FAST, k -> new ArrayList<>()).add(launch(c.args(i, "fast"), fast, List.of()));
          if (!c.name.equals("version")) {
            warmWall.computeIfAbsent(c.name, k -> new ArrayList<>()).add(warmRun(warm, c.args(i, "warm"), work));
          }
        }
      }
      out.append(String.format(Locale.ROOT, "warm stage workers: %d JVMs served every warm run (one per JVM configuration)%n",
          warm.started()));
    }
    for (StageCall c : calls.values()) {
      Path log = work.resolve("timeline-" + c.name + ".log");
      Sample s = launch(c.args(0, "timeline"), fast, List.of(StartupTimeline.logOption(log)));
      timelines.put(c.name, StartupTimeline.read(log));
      timelineWall.put(c.name, s.wall);
    }

    double versionDefault = median(samples.get("version").get(Mode.DEFAULT), Sample::wall);
    double versionFast = median(samples.get("version").get(Mode.FAST), Sample::wall);
    out.append(String.format(Locale.ROOT, "%-12s | %-22s | %-22s | %-9s | %-24s | %-31s | %s%n", "stage",
        "default JVM: wall, CPU", "fast start: wall, CPU", "ratio", "fast, beyond --version", "first fast run (writes archive)",
        "warm worker: wall (whole stage)"));
    for (StageCall c : calls.values()) {
      Map<Mode, List<Sample>> s = samples.get(c.name);
      double dw = median(s.get(Mode.DEFAULT), Sample::wall);
      double dc = median(s.get(Mode.DEFAULT), Sample::cpu);
      double fw = median(s.get(Mode.FAST), Sample::wall);
      double fc = median(s.get(Mode.FAST), Sample::cpu);
      String beyond = c.name.equals("version") ? "(baseline)"
          : String.format(Locale.ROOT, "%.2f s (%s)", fw - versionDefault,
              fw - versionDefault <= 2 ? "<= 2 s: met" : "<= 2 s: missed");
      String warmText = "";
      if (warmWall.containsKey(c.name)) {
        double ww = median(warmWall.get(c.name), Double::doubleValue);
        warmText = String.format(Locale.ROOT, "%.2f s (<= 2 s: %s)", ww, ww <= 2 ? "met" : "missed");
      }
      out.append(String.format(Locale.ROOT, "%-12s | %6.2f s, %6.2f s CPU | %6.2f s, %6.2f s CPU | %.2f      | %-24s | %-31s | %s%n",
          c.name, dw, dc, fw, fc, dw / fw, beyond, String.format(Locale.ROOT, "%.2f s", firstFast.get(c.name)), warmText));
    }
    out.append(perRun(calls, samples, warmWall));
    out.append(String.format(Locale.ROOT,
        "ratio = default wall / fast wall; beyond --version = fast wall - 'constcl --version' in a default JVM (%.2f s;"
            + " %.2f s with the fast-start options); warm worker = the stage handed to a running worker JVM"
            + " (constcl run's default), from request to reply, after one untimed stage of its kind%n",
        versionDefault, versionFast));
    out.append("start-up timeline, fast start (seconds since JVM start at which each part's first class loaded):\n");
    for (StageCall c : calls.values()) {
      out.append(String.format(Locale.ROOT, "  %-12s %s%n", c.name, timelines.get(c.name).line(timelineWall.get(c.name))));
    }
    return out.toString();
  }

  /** One stage kind's command on the minimal input; each run writes a folder of its own. */
  private record StageCall(String name, Path work, List<String> template) {
    List<String> args(int run, String mode) {
      String out = work.resolve("out").resolve(name + "-" + mode + "-" + run).toString();
      return template.stream().map(a -> a.replace("{out}", out)).toList();
    }
  }

  private static Map<String, StageCall> calls(Path videos, Path work) {
    String clips = work.resolve("out/ingest-first-0").toString();
    String davis = work.resolve("out/datasets-first-0").toString();
    Map<String, StageCall> m = new LinkedHashMap<>();
    add(m, work, "version", "--version");
    add(m, work, "ingest", "ingest", "--input", videos.toString(), "--output", "{out}", "--short-side", "128");
    add(m, work, "ingest-flink", "ingest", "--input", videos.toString(), "--output", "{out}", "--short-side", "128",
        "--runner", "FlinkRunner");
    add(m, work, "proposals", "proposals", "--source", "random", "--clips", clips, "--output", "{out}", "--frame-stride", "4",
        "--seed", "1234");
    add(m, work, "datasets", "datasets", "make-davis", "--videos", videos.toString(), "--output", "{out}", "--frames", "16",
        "--objects", "2", "--short-side", "128");
    add(m, work, "train", "train", "--preset", "cpu-small", "--steps", "1", "--clips", clips, "--output", "{out}");
    add(m, work, "eval", "eval", "propagate", "--davis", davis, "--random-init", "small", "--output", "{out}", "--frames", "8",
        "--size", "64", "--threads", "2");
    return m;
  }

  private static void add(Map<String, StageCall> m, Path work, String name, String... args) {
    m.put(name, new StageCall(name, work, List.of(args)));
  }

  /** Runs one whole process; wall time, and CPU time of the child from this JVM's children's counters. */
  private static Sample launch(List<String> args, FastStart fast, List<String> extra) throws IOException, InterruptedException {
    FastStart.Launch launch = fast == null ? new FastStart.Launch(List.of(), null, null)
        : fast.launch(args, ChildJvm.classPath());
    List<String> options = new ArrayList<>(launch.options());
    options.addAll(extra);
    double cpu0 = ChildrenCpu.seconds();
    long t0 = System.nanoTime();
    Path log = Files.createTempFile("constcl-startup-", ".log");
    Process p = new ProcessBuilder(ChildJvm.command(options, args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int exit = p.waitFor();
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = ChildrenCpu.seconds() - cpu0;
    if (fast != null) {
      fast.finished(launch, exit);
    }
    List<String> lines = new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    Files.delete(log);
    if (exit != 0) {
      throw new IOException("constcl " + String.join(" ", args) + " exited with " + exit + ": "
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
    }
    return new Sample(wall, cpu);
  }

  /** One stage in a warm worker, request to reply; its log is kept only when it failed. */
  private static double warmRun(WarmWorkers warm, List<String> args, Path work) throws IOException, InterruptedException {
    Path log = Files.createTempFile(work, "warm-", ".log");
    long t0 = System.nanoTime();
    int exit = warm.run(args, log);
    double wall = (System.nanoTime() - t0) / 1e9;
    if (exit != 0) {
      List<String> lines = Files.readAllLines(log);
      throw new IOException("constcl " + String.join(" ", args) + " in a warm worker exited with " + exit + ": "
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
    }
    Files.delete(log);
    return wall;
  }

  /**
   * Each timed run against the 2-s target: run i of a stage beside run i of {@code --version} (the
   * same round of the interleaving), and each warm run. This machine's pace moves by 10–20 % within
   * an hour, so a median near the line says less than how many runs were within it.
   */
  private static String perRun(Map<String, StageCall> calls, Map<String, Map<Mode, List<Sample>>> samples,
      Map<String, List<Double>> warmWall) {
    List<Sample> version = samples.get("version").get(Mode.DEFAULT);
    StringBuilder out = new StringBuilder("each run against the target (fast run i - --version run i in a default JVM; warm runs):\n");
    for (StageCall c : calls.values()) {
      if (c.name.equals("version")) {
        continue;
      }
      List<Sample> fast = samples.get(c.name).get(Mode.FAST);
      double[] beyond = new double[fast.size()];
      for (int i = 0; i < beyond.length; i++) {
        beyond[i] = fast.get(i).wall() - version.get(i).wall();
      }
      Timings warm = timings(warmWall.getOrDefault(c.name, List.of()), Double::doubleValue);
      out.append(String.format(Locale.ROOT, "  %-12s beyond --version %s | warm worker %s%n", c.name,
          spread(new Timings(beyond)), spread(warm)));
    }
    return out.toString();
  }

  /** "min-max s, k of n <= 2 s". */
  static String spread(Timings t) {
    if (t.count() == 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.2f-%.2f s, %d of %d <= 2 s", t.min(), t.max(), t.atMost(2), t.count());
  }

  private static <T> double median(List<T> samples, ToDoubleFunction<T> f) {
    return timings(samples, f).median();
  }

  private static <T> Timings timings(List<T> samples, ToDoubleFunction<T> f) {
    return new Timings(samples.stream().mapToDouble(f).toArray());
  }
}
