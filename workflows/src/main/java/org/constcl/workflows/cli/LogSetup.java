package org.constcl.workflows.cli;

/**
 * Configures the single SLF4J binding (slf4j-simple) before any logger exists. By default only
 * errors from Flink, Beam, Hadoop and Parquet reach stderr (an embedded Flink run otherwise prints
 * hundreds of lines); {@code --verbose} shows warnings and info from everything.
 */
final class LogSetup {
  private static final String PREFIX = "org.slf4j.simpleLogger.";

  private LogSetup() {}

  static void configure(boolean verbose) {
    set("logFile", "System.err");
    set("defaultLogLevel", verbose ? "info" : "warn");
    set("showThreadName", "false");
    set("showShortLogName", "true");
    String libraries = verbose ? "warn" : "error";
    set("log.org.apache.flink", libraries);
    set("log.org.apache.beam", libraries);
    set("log.org.apache.hadoop", libraries);
    set("log.org.apache.parquet", libraries);
    // Flink warns once per operator whose generated name exceeds 80 characters.
    set("log.org.apache.flink.metrics.MetricGroup", "error");
  }

  /** Whether {@code args} ask for verbose output (read before picocli runs). */
  static boolean verboseRequested(String[] args) {
    for (String a : args) {
      if (a.equals("--verbose") || a.equals("-v")) {
        return true;
      }
      if (a.equals("--")) {
        break;
      }
    }
    return false;
  }

  private static void set(String key, String value) {
    if (System.getProperty(PREFIX + key) == null) {
      System.setProperty(PREFIX + key, value);
    }
  }
}
