package org.constcl.workflows.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.plan.CodeFingerprint;

/** What a manifest records about the machine and the code: commit, Java, OS, CPU, GPU, dependency versions. */
public final class Environment {
  private static final List<String> NOTABLE = List.of("org.apache.beam:beam-sdks-java-core", "org.apache.flink:flink-runtime",
      "org.tensorflow:tensorflow-core-api", "org.bytedeco:javacv", "org.bytedeco:ffmpeg", "org.bytedeco:opencv",
      "org.apache.parquet:parquet-hadoop", "org.apache.avro:avro", "com.google.inject:guice", "info.picocli:picocli",
      "org.jfree:jfreechart");

  private Environment() {}

  public static ObjectNode probe() {
    ObjectNode e = CanonicalJson.JSON.createObjectNode();
    ObjectNode project = e.putObject("project");
    Path repo = repository();
    project.put("version", version());
    if (repo != null) {
      project.put("commit", git(repo, "rev-parse", "HEAD").strip());
      project.put("dirty", !git(repo, "status", "--porcelain", "--untracked-files=no").isBlank());
    } else {
      project.put("commit", "unknown (not run from a git checkout)");
    }
    e.putObject("java").put("version", System.getProperty("java.version")).put("vendor", System.getProperty("java.vendor"))
        .put("vm", System.getProperty("java.vm.name"));
    e.putObject("os").put("name", System.getProperty("os.name")).put("version", System.getProperty("os.version"))
        .put("arch", System.getProperty("os.arch"));
    e.putObject("cpu").put("model", cpuModel()).put("cores", Runtime.getRuntime().availableProcessors());
    e.put("gpu", gpus());
    ObjectNode deps = e.putObject("dependencies");
    for (String d : CodeFingerprint.dependencies()) {
      String[] p = d.split(":");
      if (p.length >= 4 && NOTABLE.contains(p[0] + ":" + p[1])) {
        deps.put(p[0] + ":" + p[1], p[p.length - 2]); // group:artifact:type[:classifier]:version:scope
      }
    }
    e.put("dependency_count", CodeFingerprint.dependencies().size());
    return e;
  }

  private static String version() {
    java.util.Properties p = new java.util.Properties();
    try (var in = Environment.class.getResourceAsStream("/org/constcl/workflows/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // unknown
    }
    return p.getProperty("version", "unknown");
  }

  /** The git checkout the running code was built from, found by walking up from its class folder or jar. */
  static Path repository() {
    try {
      Path p = Path.of(Environment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path d = p; d != null; d = d.getParent()) {
        if (Files.exists(d.resolve(".git"))) {
          return d;
        }
      }
    } catch (Exception e) {
      // not a file location
    }
    return null;
  }

  private static String cpuModel() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
        if (l.startsWith("model name")) {
          return l.substring(l.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  /** Number of NVIDIA GPUs nvidia-smi lists (0 without the tool). */
  static int gpuCount() {
    return (int) gpuList().lines().filter(l -> l.startsWith("GPU ")).count();
  }

  private static String gpus() {
    return gpuList().isBlank() ? "none" : gpuList().strip();
  }

  /** {@code nvidia-smi -L}, asked once per JVM (the runner and the manifest both need it). */
  private static synchronized String gpuList() {
    if (gpuList == null) {
      String out = run(List.of("nvidia-smi", "-L"));
      gpuList = out == null ? "" : out;
    }
    return gpuList;
  }

  private static String gpuList;

  private static String git(Path repo, String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
    cmd.addAll(List.of(args));
    String out = run(cmd);
    return out == null ? "unknown" : out;
  }

  private static String run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return null;
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
