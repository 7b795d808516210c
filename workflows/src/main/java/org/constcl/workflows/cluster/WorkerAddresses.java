package org.constcl.workflows.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How the workers of one multi-worker stage job learn each other's TensorFlow server address:
 * each writes {@code host:port} (a port free on its host) to a folder every TaskManager sees,
 * then waits for all of them. Flink starts the workers together (one pipelined region), so the
 * wait is short; a worker that never comes fails the attempt after {@link #TIMEOUT_SECONDS}.
 */
final class WorkerAddresses {
  static final long TIMEOUT_SECONDS = 300;

  private WorkerAddresses() {}

  /** Publishes worker {@code index}'s address, returns every worker's, comma-separated, in task order. */
  static String exchange(Path dir, int index, int workers, String host) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path tmp = dir.resolve("worker-" + index + ".tmp");
    Files.writeString(tmp, host + ":" + port, StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve("worker-" + index), StandardCopyOption.ATOMIC_MOVE);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (true) {
      List<String> addresses = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        Path f = dir.resolve("worker-" + i);
        if (Files.exists(f)) {
          addresses.add(Files.readString(f, StandardCharsets.UTF_8).strip());
        }
      }
      if (addresses.size() == workers) {
        return String.join(",", addresses);
      }
      if (System.nanoTime() > until) {
        throw new IllegalStateException("worker " + index + " of " + workers + ": only " + addresses.size()
            + " workers published their address in " + TIMEOUT_SECONDS + " s (" + dir + ")");
      }
      Thread.sleep(100);
    }
  }
}
