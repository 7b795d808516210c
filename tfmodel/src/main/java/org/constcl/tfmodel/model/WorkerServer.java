package org.constcl.tfmodel.model;

import java.io.PrintStream;
import java.time.Duration;
import org.constcl.tfmodel.nn.Precision;
import org.tensorflow.Server;
import org.tensorflow.proto.ConfigProto;

/**
 * A worker of a training cluster: a TensorFlow server for task {@code task} of {@link
 * WorkerCluster} that lends its devices ({@code replicas} of them) to the chief's graph. It returns
 * when the chief has gone: after the chief answered once, three failed probes a second apart
 * (the training ended or its process died); or when the chief never answers within the cluster's
 * connect timeout. TensorFlow cannot stop a server, so the process that called this should exit.
 */
public final class WorkerServer {
  private static final Duration PROBE = Duration.ofSeconds(1);
  private static final int MISSES = 3;

  private WorkerServer() {}

  /** Serves until the chief has gone; returns how it ended, for the log. */
  public static String serve(WorkerCluster cluster, int task, Distribution layout, int threads, PrintStream log)
      throws InterruptedException {
    if (task < 1 || task >= cluster.size()) {
      throw new IllegalArgumentException("task " + task + " is not a worker of " + cluster
          + " (tasks 1.." + (cluster.size() - 1) + "; task 0 is the chief, constcl train)");
    }
    ConfigProto config = ConstclModel.sessionConfig(threads, layout).build();
    Server server = new Server(cluster.serverDef(task, config));
    server.start();
    String chief = cluster.addresses().get(0);
    log.println("worker task " + task + " serving " + cluster.addresses().get(task) + " with " + layout.replicas()
        + " " + layout.deviceType() + " device(s); chief " + chief);
    long deadline = System.nanoTime() + cluster.connectTimeout().toNanos();
    while (!WorkerCluster.accepts(chief)) {
      if (System.nanoTime() > deadline) {
        return "the chief " + chief + " did not answer within " + cluster.connectTimeout().toSeconds() + " s";
      }
      Thread.sleep(PROBE.toMillis());
    }
    log.println("chief " + chief + " answered");
    int misses = 0;
    while (misses < MISSES) {
      Thread.sleep(PROBE.toMillis());
      misses = WorkerCluster.accepts(chief) ? 0 : misses + 1;
    }
    return "the chief " + chief + " has gone";
  }

  /**
   * {@code <workers> <task> <replicas> <cpu|gpu> <threads>}: for tests and schedulers that start a
   * worker without the constcl command line.
   */
  public static void main(String[] args) throws InterruptedException {
    WorkerCluster cluster = WorkerCluster.parse(args[0], WorkerCluster.CONNECT_TIMEOUT, WorkerCluster.STEP_TIMEOUT);
    Distribution layout = new Distribution(Integer.parseInt(args[2]), 1, true, args[3], Precision.FLOAT32, cluster);
    System.out.println(serve(cluster, Integer.parseInt(args[1]), layout, Integer.parseInt(args[4]), System.out));
    System.exit(0);
  }
}
