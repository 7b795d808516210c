package org.constcl.tfmodel.model;

import java.util.HashMap;
import java.util.Map;
import org.tensorflow.Server;
import org.tensorflow.proto.ServerDef;

/**
 * The TensorFlow servers this process runs, one per address. TensorFlow cannot stop a gRPC server
 * ("clean shutdown is not currently implemented"), so a server lives until its process exits; a
 * later training of the same process with the same cluster reuses it, one with another cluster on
 * the same address is refused.
 */
final class LocalServers {
  private static final Map<String, Running> SERVERS = new HashMap<>();

  private record Running(ServerDef definition, Server server) {}

  private LocalServers() {}

  /** Starts the server {@code definition} describes, or returns because it runs already. */
  static synchronized void ensure(ServerDef definition) {
    String address = definition.getCluster().getJob(0).getTasksOrThrow(definition.getTaskIndex());
    Running running = SERVERS.get(address);
    if (running != null) {
      if (!running.definition().equals(definition)) {
        throw new IllegalStateException("this process already serves " + address + " for another cluster or"
            + " device layout; TensorFlow cannot stop a server, so use another port or another process");
      }
      return;
    }
    Server server = new Server(definition);
    server.start();
    SERVERS.put(address, new Running(definition, server));
  }
}
