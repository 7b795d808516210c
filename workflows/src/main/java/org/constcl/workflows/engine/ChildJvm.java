package org.constcl.workflows.engine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code constcl <args>} in a child JVM with this JVM's class path, its output to a log file.
 * Children are tracked so that Ctrl-C (a JVM shutdown) ends them and their descendants: nothing
 * keeps writing into a work folder after the run has stopped.
 */
public final class ChildJvm {
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
  private static volatile boolean stopping;
  private static final FastStart FAST_START = FastStart.fromEnvironment();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ChildJvm::destroyAll, "constcl-stop-children"));
  }

  private ChildJvm() {}

  /** Starts the child; {@code log} receives stdout and stderr. */
  static Process start(List<String> args, Path log, java.util.Map<String, String> env) throws IOException {
    FastStart.Launch launch = FAST_START.launch(args, classPath());
    ProcessBuilder pb = new ProcessBuilder(command(launch.options(), args)).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    pb.environment().put(ParentWatch.PARENT_PID, Long.toString(ProcessHandle.current().pid()));
    Process p = pb.start();
    RUNNING.add(p);
    p.onExit().thenRun(() -> {
      RUNNING.remove(p);
      FAST_START.finished(launch, p.exitValue());
    });
    return p;
  }

  /**
   * Starts a warm stage worker ({@link WarmWorkers}) with {@code options}: its stdin and stdout are
   * pipes to this JVM, its stderr (what native code writes) goes to {@code nativeOutput}.
   */
  static Process startWorker(List<String> options, Path nativeOutput) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command(options, List.of(WarmWorkers.WORKER_ARGUMENT)))
        .redirectError(nativeOutput.toFile());
    pb.environment().put(ParentWatch.PARENT_PID, Long.toString(ProcessHandle.current().pid()));
    Process p = pb.start();
    RUNNING.add(p);
    p.onExit().thenRun(() -> RUNNING.remove(p));
    return p;
  }

  /**
   * The command line of {@code constcl <args>} for a stage a cluster's TaskManager starts: this
   * JVM's Java and jar (the cluster's nodes see them at these paths), with the fast-start options
   * that only read a class-data archive (a node without it starts the slow way).
   */
  public static List<String> clusterCommand(List<String> args) {
    FastStart.Launch launch = FAST_START.launch(args, classPath());
    return command(launch.options().stream().filter(o -> !o.startsWith("-XX:ArchiveClassesAtExit=")).toList(), args);
  }

  /** The command line of {@code constcl <args>} in a JVM like this one. */
  public static List<String> command(List<String> args) {
    return command(List.of(), args);
  }

  /** The command line of {@code constcl <args>} in a JVM like this one, with {@code jvmOptions} added. */
  public static List<String> command(List<String> jvmOptions, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> inherited = ManagementFactory.getRuntimeMXBean().getInputArguments();
    boolean collectorChosen = inherited.stream().anyMatch(a -> a.matches("-XX:\\+Use\\w+GC"));
    for (String o : jvmOptions) {
      if (!(collectorChosen && o.matches("-XX:\\+Use\\w+GC"))) { // two collectors: the JVM refuses to start
        cmd.add(o);
      }
    }
    for (String a : inherited) {
      // Module openings and heap/stack settings carry over; debug agents and test hooks do not.
      if (a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.startsWith("-Xmx") || a.startsWith("-Xss")
          || a.startsWith("-XX:+Use") || a.startsWith("-Dorg.bytedeco")) {
        cmd.add(a);
      }
    }
    cmd.add("-cp");
    cmd.add(classPath());
    cmd.add("org.constcl.workflows.cli.Main");
    cmd.addAll(args);
    return cmd;
  }

  /**
   * This JVM's class path with absolute entries: a class-data archive records the paths it was
   * written with, and {@code bin/constcl} (which shares the archives) passes the jar's absolute path.
   */
  public static String classPath() {
    return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .map(e -> Path.of(e).toAbsolutePath().normalize().toString())
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }

  /** Whether this JVM is stopping its children (a child that ends now was stopped, not failed). */
  static boolean stopping() {
    return stopping;
  }

  static void destroyAll() {
    stopping = true;
    for (Process p : List.copyOf(RUNNING)) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    for (Process p : List.copyOf(RUNNING)) {
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
