package org.constcl.workflows.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Flink session cluster's TaskManagers offer, from its REST API ({@code /taskmanagers}):
 * CPU cores and GPUs each. Read when a run starts, to refuse at once a stage no TaskManager can
 * ever hold (Flink itself would wait for such a slot until its request times out).
 */
public record ClusterResources(String master, List<TaskManager> taskManagers) {
  /** One TaskManager's total resources. */
  public record TaskManager(String id, double cpuCores, int gpus, int slots) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  public ClusterResources {
    taskManagers = List.copyOf(taskManagers);
  }

  /** Asks the cluster at {@code master} (REST host:port). */
  public static ClusterResources query(String master) throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + master + "/taskmanagers")).timeout(Duration.ofSeconds(30)).build();
    HttpResponse<String> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking the Flink cluster at " + master + " for its TaskManagers", e);
    } catch (IOException e) {
      throw new IOException("no Flink cluster answers at " + master + " (" + e.getMessage() + "); start one with"
          + " `constcl cluster start` or check --flink-master", e);
    }
    if (resp.statusCode() != 200) {
      throw new IOException("the Flink cluster at " + master + " answered /taskmanagers with HTTP " + resp.statusCode());
    }
    List<TaskManager> tms = new ArrayList<>();
    for (JsonNode tm : JSON.readTree(resp.body()).path("taskmanagers")) {
      JsonNode total = tm.path("totalResource");
      tms.add(new TaskManager(tm.path("id").asText(), total.path("cpuCores").asDouble(),
          (int) Math.floor(total.path("extendedResources").path(StageTask.GPU).asDouble(0)), tm.path("slotsNumber").asInt()));
    }
    return new ClusterResources(master, tms);
  }

  /** Whether any TaskManager declares GPUs. */
  public boolean hasGpus() {
    return taskManagers.stream().anyMatch(t -> t.gpus() > 0);
  }

  /** GPUs over all TaskManagers. */
  public int totalGpus() {
    return taskManagers.stream().mapToInt(TaskManager::gpus).sum();
  }

  /** How many workers of {@code cpuCores} and {@code gpus} the cluster can hold at once, all free. */
  public int capacity(double cpuCores, int gpus) {
    int n = 0;
    for (TaskManager t : taskManagers) {
      int byCpu = cpuCores <= 0 ? Integer.MAX_VALUE : (int) Math.floor(t.cpuCores() / cpuCores + 1e-9);
      int byGpu = gpus <= 0 ? Integer.MAX_VALUE : t.gpus() / gpus;
      n += Math.min(Math.min(byCpu, byGpu), t.slots() > 0 ? Integer.MAX_VALUE : 0);
    }
    return n;
  }

  /** Why {@code workers} workers of this size can never run here, or null when they can. */
  public String unplaceable(int workers, double cpuCores, int gpus) {
    int capacity = capacity(cpuCores, gpus);
    if (capacity >= workers) {
      return null;
    }
    String ask = workers + (workers == 1 ? " worker" : " workers") + " with " + fmt(cpuCores) + " CPU cores and " + gpus
        + (gpus == 1 ? " GPU" : " GPUs") + (workers == 1 ? "" : " each");
    String have = taskManagers.isEmpty() ? "no TaskManagers"
        : taskManagers.size() + (taskManagers.size() == 1 ? " TaskManager" : " TaskManagers") + " with "
            + taskManagers.stream().map(t -> fmt(t.cpuCores()) + " cores/" + t.gpus() + " GPUs").distinct().toList();
    return "needs " + ask + "; the Flink cluster at " + master + " has " + have + ", room for " + capacity
        + " such workers even when idle";
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
