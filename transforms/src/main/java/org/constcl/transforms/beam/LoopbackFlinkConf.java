package org.constcl.transforms.beam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Flink configuration folder for embedded clusters that binds every port (BlobServer, REST,
 * RPC, data exchange) to 127.0.0.1: without one, Flink's mini cluster listens on all interfaces, so
 * anyone on the network could reach a researcher's laptop while a job runs. Used unless the user
 * gives a configuration ({@code --flinkConfDir=...} or {@code FLINK_CONF_DIR}).
 */
final class LoopbackFlinkConf {
  static final String LOOPBACK = "127.0.0.1";

  /** The keys, as Flink 1.19's standard YAML {@code config.yaml} nests them. */
  static final String CONFIG = String.join("\n",
      "jobmanager:",
      "  bind-host: " + LOOPBACK,
      "  rpc: {address: " + LOOPBACK + "}",
      "taskmanager:",
      "  bind-host: " + LOOPBACK,
      "  host: " + LOOPBACK,
      "rest:",
      "  address: " + LOOPBACK,
      "  bind-address: " + LOOPBACK,
      "");

  private static Path folder;

  private LoopbackFlinkConf() {}

  /** The folder (written once per JVM, removed when it exits). */
  static synchronized Path folder() {
    if (folder == null) {
      try {
        Path dir = Files.createTempDirectory("constcl-flink-conf");
        Path file = Files.writeString(dir.resolve("config.yaml"), CONFIG, StandardCharsets.UTF_8);
        file.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
        folder = dir;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the embedded Flink configuration", e);
      }
    }
    return folder;
  }
}
