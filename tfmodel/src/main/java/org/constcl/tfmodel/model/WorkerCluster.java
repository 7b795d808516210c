package org.constcl.tfmodel.model;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.proto.ClusterDef;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.JobDef;
import org.tensorflow.proto.ServerDef;

/**
 * The processes one training runs in: TensorFlow servers of one job, {@value #JOB}, task i at
 * {@code addresses.get(i)}. Task 0 is the chief: the process that builds the graph, holds the
 * variables and runs the steps (in-graph replication); every other task is a server that
 * only lends its devices ({@code constcl train-worker}). Empty: the training runs in its own
 * process only.
 *
 * @param connectTimeout how long the chief waits for the other workers to answer
 * @param stepTimeout the longest a step may take before it fails (a worker that hangs)
 * @param scheduled for {@code workers: N}, N processes a scheduler starts: their addresses are
 *     empty until the scheduler lists them (planning an experiment), then filled; 0 when the
 *     addresses are given. The spec stays the count, so what a training records does not change
 *     with the ports a scheduler happened to hand out
 */
public record WorkerCluster(List<String> addresses, Duration connectTimeout, Duration stepTimeout, int scheduled) {
  public static final String JOB = "worker";
  /** The environment variable {@code distribute.workers: env} reads (what a scheduler sets). */
  public static final String ENVIRONMENT = "CONSTCL_WORKERS";
  private static final Pattern ADDRESS = Pattern.compile("([A-Za-z0-9_.\\-]+|\\[[0-9a-fA-F:]+\\]):(\\d{1,5})");
  private static final Pattern TASK = Pattern.compile("/job:" + JOB + "/replica:0/task:(\\d+)");

  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(120);
  public static final Duration STEP_TIMEOUT = Duration.ofSeconds(600);

  public WorkerCluster(List<String> addresses, Duration connectTimeout, Duration stepTimeout) {
    this(addresses, connectTimeout, stepTimeout, 0);
  }

  public WorkerCluster {
    addresses = List.copyOf(addresses);
    if (scheduled < 0 || scheduled == 1 || (scheduled > 0 && !addresses.isEmpty() && addresses.size() != scheduled)) {
      throw new IllegalArgumentException("a scheduled count of workers is 2 or more, with as many addresses or none yet");
    }
    if (addresses.isEmpty() && scheduled == 0) {
      // Without workers the timeouts mean nothing; one value keeps every such cluster equal.
      connectTimeout = CONNECT_TIMEOUT;
      stepTimeout = STEP_TIMEOUT;
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero() || stepTimeout.isNegative() || stepTimeout.isZero()) {
      throw new IllegalArgumentException("worker timeouts must be positive");
    }
    if (addresses.size() == 1) {
      throw new IllegalArgumentException("one worker (" + addresses.get(0) + ") is this process alone: leave workers"
          + " empty, or list this process first and every other worker after it");
    }
    for (String a : addresses) {
      Matcher m = ADDRESS.matcher(a);
      if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
        throw new IllegalArgumentException("worker address '" + a + "' is not host:port");
      }
    }
    if (addresses.stream().distinct().count() != addresses.size()) {
      throw new IllegalArgumentException("worker addresses repeat: " + String.join(",", addresses));
    }
  }

  /** No other process: the training runs where it is started. */
  public static WorkerCluster none() {
    return of(List.of());
  }

  /** {@code addresses} with the default timeouts. */
  public static WorkerCluster of(List<String> addresses) {
    return new WorkerCluster(addresses, CONNECT_TIMEOUT, STEP_TIMEOUT);
  }

  /**
   * {@code host:port,host:port,…} (chief first), {@code env} for the list in {@value #ENVIRONMENT},
   * a count N for N processes a scheduler starts and lists in {@value #ENVIRONMENT} (the engine on
   * a Flink cluster: one stage job with N tasks), or empty for none.
   */
  public static WorkerCluster parse(String spec, Duration connectTimeout, Duration stepTimeout) {
    String list = spec.trim();
    if (list.matches("\\d+")) {
      int n = Integer.parseInt(list);
      if (n < 2) {
        throw new IllegalArgumentException("workers: " + n + " is this process alone: a count of workers is 2 or more");
      }
      String value = System.getenv(ENVIRONMENT);
      if (value == null || value.isBlank()) {
        return new WorkerCluster(List.of(), connectTimeout, stepTimeout, n);
      }
      WorkerCluster given = parse(value, connectTimeout, stepTimeout);
      if (given.size() != n) {
        throw new IllegalArgumentException("workers: " + n + ", but " + ENVIRONMENT + " lists " + given.size() + " (" + value + ")");
      }
      return new WorkerCluster(given.addresses(), connectTimeout, stepTimeout, n);
    }
    if (list.equals("env")) {
      String value = System.getenv(ENVIRONMENT);
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("workers: env, but " + ENVIRONMENT + " is not set");
      }
      list = value.trim();
    }
    List<String> out = new ArrayList<>();
    for (String part : list.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return new WorkerCluster(out, connectTimeout, stepTimeout);
  }

  public boolean isEmpty() {
    return addresses.isEmpty() && scheduled == 0;
  }

  public int size() {
    return scheduled > 0 ? scheduled : addresses.size();
  }

  /** The spec {@link #parse} reads back. */
  @Override
  public String toString() {
    return scheduled > 0 ? Integer.toString(scheduled) : String.join(",", addresses);
  }

  /** The session target of the chief's server. */
  public String chiefTarget() {
    requireAddresses();
    return "grpc://" + addresses.get(0);
  }

  /** The device name prefix of {@code task}. */
  public static String taskPrefix(int task) {
    return "/job:" + JOB + "/replica:0/task:" + task;
  }

  /** Task {@code task}'s server definition; its devices and threads come from {@code sessionConfig}. */
  public ServerDef serverDef(int task, ConfigProto sessionConfig) {
    requireAddresses();
    if (task < 0 || task >= addresses.size()) {
      throw new IllegalArgumentException("task " + task + " is not one of the " + addresses.size() + " workers");
    }
    JobDef.Builder job = JobDef.newBuilder().setName(JOB);
    for (int i = 0; i < addresses.size(); i++) {
      job.putTasks(i, addresses.get(i));
    }
    return ServerDef.newBuilder()
        .setCluster(ClusterDef.newBuilder().addJob(job))
        .setJobName(JOB)
        .setTaskIndex(task)
        .setProtocol("grpc")
        .setDefaultSessionConfig(sessionConfig)
        .build();
  }

  /**
   * Waits until every worker but the chief accepts connections, or fails naming those that did
   * not within {@code timeout}: TensorFlow itself would wait for them without end.
   */
  public void awaitWorkers() {
    Duration timeout = connectTimeout;
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> waiting = new ArrayList<>(addresses.subList(1, addresses.size()));
    while (true) {
      waiting.removeIf(WorkerCluster::accepts);
      if (waiting.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("worker" + (waiting.size() > 1 ? "s " : " ") + String.join(", ", waiting)
            + " did not answer within " + timeout.toSeconds() + " s (start them with constcl train-worker"
            + " --workers " + this + " --task <i>)");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for workers " + waiting, e);
      }
    }
  }

  /** Whether {@code host:port} accepts a TCP connection within a second. */
  static boolean accepts(String address) {
    int colon = address.lastIndexOf(':');
    String host = address.substring(0, colon).replace("[", "").replace("]", "");
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, Integer.parseInt(address.substring(colon + 1))), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The workers a TensorFlow error message names, by address ({@code task:1} → {@code
   * 127.0.0.1:2223 (task 1)}), so that a failed step says which process went away.
   */
  public List<String> workersNamedIn(String message) {
    List<String> out = new ArrayList<>();
    if (message == null) {
      return out;
    }
    Matcher m = TASK.matcher(message);
    while (m.find()) {
      int task = Integer.parseInt(m.group(1));
      String named = (task < addresses.size() ? addresses.get(task) : "?") + " (task " + task + ")";
      if (!out.contains(named)) {
        out.add(named);
      }
    }
    for (int task = 1; task < addresses.size(); task++) {
      String named = addresses.get(task) + " (task " + task + ")";
      if (message.contains(addresses.get(task)) && !out.contains(named)) {
        out.add(named);
      }
    }
    return out;
  }

  /** A training cannot start on workers whose addresses nobody gave. */
  private void requireAddresses() {
    if (scheduled > 0 && addresses.isEmpty()) {
      throw new IllegalStateException("distribute.workers: " + scheduled + " asks a scheduler for " + scheduled
          + " processes, but " + ENVIRONMENT + " does not list them: run the experiment on a Flink cluster (constcl run"
          + " --flink-master ...: one stage job with " + scheduled + " tasks), or set " + ENVIRONMENT
          + "=host:port,... (the chief first) for this process and every constcl train-worker");
    }
  }
}
