package org.constcl.workflows.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.report.SweepManifest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TensorBoard itself (the Python package, on 127.0.0.1) reads a sweep's folder: its HParams API
 * lists every hyper-parameter, metric and session group with the values the manifest holds. Needs
 * {@code pip install tensorboard} (CI installs it); without it the test is reported as skipped.
 */
class TensorBoardServerTest {
  @TempDir Path dir;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void tensorBoardShowsEveryCellInItsHParamsDashboard() throws Exception {
    Process probe = new ProcessBuilder("python3", "-c", "import tensorboard").redirectErrorStream(true).start();
    Assumptions.assumeTrue(probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0,
        "TensorBoard is not installed for python3 (pip install tensorboard)");
    Path root = RunTensorBoard.write(SweepManifest.manifest(SweepManifest.trainEvents(dir)), dir.resolve("run"));

    Process tb = new ProcessBuilder("python3", "-m", "tensorboard.main", "--logdir", root.toString(), "--host", "127.0.0.1",
        "--port", "0", "--reload_interval", "1").redirectErrorStream(true).start();
    try {
      String url = address(tb);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      JsonNode groups = null;
      // TensorBoard loads the folder in the background: ask until all ten sessions are there.
      for (int i = 0; i < 60 && (groups == null || groups.path("totalSize").asInt() < 10); i++) {
        Thread.sleep(1000);
        groups = post(http, url + "data/plugin/hparams/session_groups", """
            {"experimentName":"","allowedStatuses":["STATUS_UNKNOWN","STATUS_SUCCESS","STATUS_FAILURE","STATUS_RUNNING"],
             "colParams":[],"startIndex":0,"sliceSize":100,"aggregationType":"AGGREGATION_AVG"}""");
      }
      assertThat(groups.path("totalSize").asInt()).as(groups.toString()).isEqualTo(10);
      JsonNode exp = post(http, url + "data/plugin/hparams/experiment", "{\"experimentName\":\"\"}");
      assertThat(exp.path("name").asText()).isEqualTo("ablation");
      assertThat(exp.path("hparamInfos").findValuesAsText("name")).containsExactlyInAnyOrder("pretrain.regions",
          "pretrain.train.lr", "seed", "init");
      assertThat(exp.path("metricInfos").findValuesAsText("tag")).containsExactlyInAnyOrder("pretrain/final_loss",
          "pretrain/final_accuracy", "speed-linear/top1", "speed-linear/top5");

      Map<String, JsonNode> byName = new HashMap<>();
      groups.path("sessionGroups").forEach(g -> byName.put(g.path("name").asText(), g));
      JsonNode slic = byName.get("regions=slic,lr=0.2,seed=2"); // the eighth cell, n = 7
      assertThat(slic.path("hparams").path("pretrain.regions").asText()).isEqualTo("slic");
      assertThat(slic.path("hparams").path("pretrain.train.lr").asDouble()).isEqualTo(0.2);
      assertThat(slic.path("hparams").path("init").asText()).isEqualTo("pre-trained");
      Map<String, Double> metrics = new HashMap<>();
      slic.path("metricValues").forEach(v -> metrics.put(v.path("name").path("tag").asText(), v.path("value").asDouble()));
      assertThat(metrics.get("speed-linear/top1")).isCloseTo(0.57, within(1e-6));
      assertThat(metrics.get("pretrain/final_loss")).isCloseTo(2.7, within(1e-6));
      // The sixth cell (n = 5) had a failed evaluation.
      assertThat(byName.get("regions=slic,lr=0.1,seed=2").path("sessions").get(0).path("status").asText())
          .isEqualTo("STATUS_FAILURE");
      assertThat(byName.get("random-init,speed-linear,seed=1").path("hparams").path("init").asText()).isEqualTo("random");
    } finally {
      tb.destroy();
      if (!tb.waitFor(10, TimeUnit.SECONDS)) {
        tb.destroyForcibly();
      }
    }
  }

  /**
   * The address TensorBoard prints once it listens ({@code TensorBoard 2.x at http://127.0.0.1:PORT/}),
   * read by a thread of its own that then keeps draining the output so TensorBoard never blocks on a
   * full pipe (not the common pool: on 2 cores it has one thread, which another task may hold).
   */
  private static String address(Process tb) throws Exception {
    Pattern p = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/)");
    StringBuffer seen = new StringBuffer();
    CompletableFuture<String> found = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(tb.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          seen.append(line).append('\n');
          Matcher m = p.matcher(line);
          if (m.find()) {
            found.complete(m.group(1));
          }
        }
      } catch (java.io.IOException e) {
        // the process ended: whatever was seen is in the failure message
      }
      found.completeExceptionally(new IllegalStateException("TensorBoard ended without listening:\n" + seen));
    }, "tensorboard-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return found.get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("TensorBoard printed no address in 120 s; its output:\n" + seen, e);
    }
  }

  private static JsonNode post(HttpClient http, String url, String body) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").header("X-XSRF-Protected", "1")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
    return CanonicalJson.JSON.readTree(r.body());
  }
}
