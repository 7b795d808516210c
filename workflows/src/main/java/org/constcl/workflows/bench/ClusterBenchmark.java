package org.constcl.workflows.bench;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.engine.ChildJvm;
import org.constcl.workflows.plan.CanonicalJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What scheduling every stage on a Flink cluster costs: an experiment run from scratch locally
 * (baseline: stages as child JVMs of the engine, Beam on its embedded runner) and on a local
 * session cluster (stage jobs), each into a new store, interleaved; per stage kind the median of
 * the stages' own times (the manifests' {@code seconds}), and the whole run's wall time.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = {"An experiment on a local Flink session cluster (every stage a cluster job) vs the same experiment"
        + " with local child JVMs: per stage kind the median stage time and ratio, and the run's wall time."})
public final class ClusterBenchmark extends BenchVerb {
  @Option(names = "--experiment", defaultValue = "experiments/quickstart.yaml", paramLabel = "<file>",
      description = "Experiment to run both ways (default: ${DEFAULT-VALUE}).")
  Path experiment;

  @Option(names = "--flink-master", paramLabel = "<host:port>",
      description = "Use this running cluster (default: start one TaskManager with 2 slots on 127.0.0.1, stop it after).")
  String flinkMaster;

  @Mixin BenchOptions bench;

  @Inject
  ClusterBenchmark(Console console) {
    super(console);
  }

  @Override
  String measure() throws Exception {
    Path work = bench.workDir("cluster");
    String master = flinkMaster;
    Path clusterDir = work.resolve("flink");
    if (master == null) {
      int[] ports = freePorts();
      run(List.of("cluster", "start", "--dir", clusterDir.toString(), "--rest-port", Integer.toString(ports[0]), "--rpc-port",
          Integer.toString(ports[1]), "--blob-port", Integer.toString(ports[2]), "--slots", "2"));
      master = "127.0.0.1:" + ports[0];
    }
    Map<String, List<Double>> local = new LinkedHashMap<>();
    Map<String, List<Double>> remote = new LinkedHashMap<>();
    List<Double> localWall = new ArrayList<>();
    List<Double> remoteWall = new ArrayList<>();
    try {
      for (int r = 0; r < bench.repeats(); r++) {
        Path l = work.resolve("local-" + r);
        localWall.add(run(List.of("run", experiment.toString(), "--store", l.toString())));
        stageTimes(l, local);
        Path c = work.resolve("cluster-" + r);
        remoteWall.add(run(List.of("run", experiment.toString(), "--store", c.toString(), "--flink-master", master)));
        stageTimes(c, remote);
      }
    } finally {
      if (flinkMaster == null) {
        run(List.of("cluster", "stop", "--dir", clusterDir.toString()));
      }
    }
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "%s, %d run(s) each way, cluster %s (baseline: the same run with local child JVMs)%n", experiment.getFileName(),
        bench.repeats(), master));
    out.append(String.format(Locale.ROOT, "  %-18s %8s %10s %12s %7s %10s%n", "stage kind", "stages", "local (s)",
        "cluster (s)", "ratio", "overhead"));
    for (String kind : remote.keySet()) {
      if (!local.containsKey(kind)) {
        continue;
      }
      double a = median(local.get(kind));
      double b = median(remote.get(kind));
      out.append(String.format(Locale.ROOT, "  %-18s %8d %10.1f %12.1f %7.2f %+9.1fs%n", kind, remote.get(kind).size(), a, b,
          b / a, b - a));
    }
    double a = median(localWall);
    double b = median(remoteWall);
    out.append(String.format(Locale.ROOT, "  whole run (wall)   %8s %10.1f %12.1f %7.2f %+9.1fs%n", "", a, b, b / a, b - a));
    return out.toString();
  }

  /** Adds each built instance's own time, by kind, from the store's only run manifest. */
  private static void stageTimes(Path store, Map<String, List<Double>> into) throws IOException {
    Path runs = store.resolve("runs");
    Path manifest;
    try (var s = Files.list(runs)) {
      manifest = s.filter(Files::isDirectory).findFirst().orElseThrow(() -> new IOException("no run in " + runs))
          .resolve("manifest.json");
    }
    for (JsonNode i : CanonicalJson.JSON.readTree(manifest.toFile()).get("instances")) {
      if (i.path("status").asText().equals("built")) {
        into.computeIfAbsent(i.get("kind").asText(), k -> new ArrayList<>()).add(i.get("seconds").asDouble());
      }
    }
  }

  private static double median(List<Double> xs) {
    return new Timings(xs.stream().mapToDouble(Double::doubleValue).toArray()).median();
  }

  /** Runs {@code constcl <args>} to its end; its wall time in seconds. */
  private static double run(List<String> args) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(ChildJvm.command(args)).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      throw new IOException("constcl " + String.join(" ", args) + " exited with " + p.exitValue() + ":\n" + new String(out));
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static int[] freePorts() throws IOException {
    try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0); ServerSocket c = new ServerSocket(0)) {
      return new int[] {a.getLocalPort(), b.getLocalPort(), c.getLocalPort()};
    }
  }
}
