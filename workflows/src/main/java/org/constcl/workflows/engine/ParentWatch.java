package org.constcl.workflows.engine;

/**
 * In a stage's child JVM: ends the child when the engine that started it is gone (killed with
 * SIGKILL, so no shutdown hook ran), so that no orphan keeps writing into a work folder that a
 * later run will reuse or delete.
 */
public final class ParentWatch {
  /** Environment variable the engine sets to its own process id. */
  public static final String PARENT_PID = "CONSTCL_PARENT_PID";

  private ParentWatch() {}

  public static void start() {
    String pid = System.getenv(PARENT_PID);
    if (pid == null || pid.isBlank()) {
      return;
    }
    ProcessHandle parent;
    try {
      parent = ProcessHandle.of(Long.parseLong(pid.strip())).orElse(null);
    } catch (NumberFormatException e) {
      return;
    }
    if (parent == null) {
      Runtime.getRuntime().halt(137);
    }
    Thread t = new Thread(() -> {
      parent.onExit().join();
      System.err.println("constcl: the process that started this stage (pid " + pid + ": the engine, or a cluster's"
          + " TaskManager) is gone; stopping this stage");
      Runtime.getRuntime().halt(137);
    }, "constcl-parent-watch");
    t.setDaemon(true);
    t.start();
  }
}
