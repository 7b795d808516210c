package org.constcl.workflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.constcl.transforms.summary.SummaryFiles;

/**
 * A real Flink session cluster on 127.0.0.1 for integration tests, started and stopped through
 * {@code constcl cluster} (infra/flink/cluster.sh) from the shaded jar, on free ports.
 */
final class LocalFlinkCluster implements AutoCloseable {
  final Path root;
  final Path dir;
  final int restPort;

  private LocalFlinkCluster(Path root, Path dir, int restPort) {
    this.root = root;
    this.dir = dir;
    this.restPort = restPort;
  }

  /** Starts a cluster with state in {@code dir}; {@code extra} are further {@code cluster start} options. */
  static LocalFlinkCluster start(Path dir, List<String> extra) throws Exception {
    Path root = Path.of(System.getProperty("constcl.repo.root", "..")).toAbsolutePath().normalize();
    int[] ports = freePorts(3);
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", jar().toString(), "cluster", "start", "--infra",
        root.resolve("infra").toString(), "--dir", dir.toString(), "--rest-port", Integer.toString(ports[0]), "--rpc-port",
        Integer.toString(ports[1]), "--blob-port", Integer.toString(ports[2])));
    cmd.addAll(extra);
    run(cmd, 240);
    return new LocalFlinkCluster(root, dir, ports[0]);
  }

  String master() {
    return "127.0.0.1:" + restPort;
  }

  @Override
  public void close() throws Exception {
    run(List.of(javaBin(), "-jar", jar().toString(), "cluster", "stop", "--infra", root.resolve("infra").toString(), "--dir",
        dir.toString()), 60);
  }

  /** GET of a REST path, as JSON. */
  JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://" + master() + path)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s", path).isEqualTo(200);
    return SummaryFiles.JSON.readTree(r.body());
  }

  /** Jobs of the cluster, newest last. */
  List<JsonNode> jobs() throws IOException, InterruptedException {
    List<JsonNode> out = new ArrayList<>();
    get("/jobs/overview").get("jobs").forEach(out::add);
    out.sort(java.util.Comparator.comparingLong(j -> j.get("start-time").asLong()));
    return out;
  }

  static Path jar() {
    return Path.of(System.getProperty("constcl.jar", "target/constcl.jar")).toAbsolutePath();
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Runs a command to its end; fails the test on a non-zero exit. Returns its output. */
  static String run(List<String> command, int timeoutSeconds) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(timeoutSeconds, TimeUnit.SECONDS)).as("%s finished in time", command).isTrue();
    String text = new String(out);
    assertThat(p.exitValue()).as("%s failed:%n%s", command, text).isZero();
    return text;
  }

  /** Distinct free ports: every socket stays open until all are chosen (one at a time, the OS may hand out one port twice). */
  static int[] freePorts(int n) throws IOException {
    ServerSocket[] sockets = new ServerSocket[n];
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        sockets[i] = new ServerSocket(0);
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : sockets) {
        if (s != null) {
          s.close();
        }
      }
    }
  }
}
