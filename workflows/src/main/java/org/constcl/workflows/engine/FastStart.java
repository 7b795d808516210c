package org.constcl.workflows.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * JVM options that cut a stage JVM's fixed start-up cost (docs/benchmarks.md, "Stage start-up"),
 * the same policy {@code bin/constcl} applies:
 *
 * <ul>
 *   <li>an application class-data-sharing archive per command (JDK 17's dynamic archive): the
 *       first {@code ingest} child writes {@code constcl-<stamp>-ingest.jsa} as it exits, every
 *       later one maps the classes it loaded instead of parsing and verifying them again. Archives
 *       live beside {@code bin/constcl}'s and are keyed as its are (the jar's size and time), so
 *       both share them. A child writes to a name of its own and the archive is renamed into place only when
 *       it succeeds, so concurrent children never see half an archive;
 *   <li>the client compiler only ({@code -XX:TieredStopAtLevel=1}) for the Beam stages (ingest,
 *       proposals, datasets): their per-record work is native (FFmpeg, OpenCV) and C2 compiling
 *       Beam, Flink and Parquet on two cores cost more than it returned, even on a 795-frame ingest.
 *       Training and evaluation keep C2: their loaders run float loops in Java (augmentation,
 *       crops) for the stage's whole length, where C2's vectorised code pays back;
 *   <li>the serial collector: G1's concurrent threads compete with the stage for two cores, and a
 *       stage's Java heap is small (frames and tensors live in native memory).
 * </ul>
 *
 * Off with {@code CONSTCL_FAST_START=off}; archives only when the class path is one jar (the
 * packaged {@code constcl.jar}; the JVM archives no classes from folders, as in Maven's test class
 * path).
 */
public final class FastStart {
  /** Environment variable that turns the policy off ({@code off}). */
  public static final String SWITCH = "CONSTCL_FAST_START";
  private static final Set<String> CLIENT_COMPILER = Set.of("ingest", "proposals", "datasets");

  private final Path cacheDir;
  private final boolean enabled;

  public FastStart(Path cacheDir, boolean enabled) {
    this.cacheDir = cacheDir;
    this.enabled = enabled;
  }

  /** The policy as the environment sets it: {@code $XDG_CACHE_HOME/constcl}, else {@code ~/.cache/constcl}. */
  public static FastStart fromEnvironment() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return new FastStart(base.resolve("constcl"), !"off".equalsIgnoreCase(System.getenv(SWITCH)));
  }

  /**
   * How to start one child.
   *
   * @param options JVM options to add
   * @param writing the archive this child writes as it exits, to be committed by {@link #finished}; null when it reads one or none
   * @param archive the archive's final name, null when none applies
   */
  public record Launch(List<String> options, Path writing, Path archive) {}

  /** The options for a child running {@code constcl <args>} with class path {@code classPath}. */
  public Launch launch(List<String> args, String classPath) {
    if (!enabled || args.isEmpty()) {
      return new Launch(List.of(), null, null);
    }
    return withArchive(compilerAndCollector(args), archiveName(args, classPath), classPath);
  }

  /**
   * The options for a warm stage worker ({@link WarmWorkers}) whose first stage is {@code constcl
   * <args>}: that stage's compiler and collector, and an archive of the worker's own,
   * {@code constcl-<stamp>-stage-worker-c1.jsa} (Beam stages) or {@code -c2.jsa} (TensorFlow stages),
   * written as a worker exits with the classes of every stage it ran. A worker serves many commands,
   * so a command's archive would map only part of what it loads.
   */
  public Launch workerLaunch(List<String> args, String classPath) {
    if (!enabled || args.isEmpty()) {
      return new Launch(List.of(), null, null);
    }
    String build = buildPrefix(classPath);
    String name = build == null ? null : build + "stage-worker-" + (CLIENT_COMPILER.contains(args.get(0)) ? "c1" : "c2") + ".jsa";
    return withArchive(compilerAndCollector(args), name, classPath);
  }

  /**
   * The JVM configuration {@code constcl <args>} runs in, archives aside: its compiler and
   * collector (none when fast start is off). Stages with equal configurations can share a worker.
   */
  public List<String> configuration(List<String> args) {
    return enabled && !args.isEmpty() ? List.copyOf(compilerAndCollector(args)) : List.of();
  }

  private static List<String> compilerAndCollector(List<String> args) {
    List<String> options = new ArrayList<>();
    if (CLIENT_COMPILER.contains(args.get(0))) {
      options.add("-XX:TieredStopAtLevel=1");
    }
    options.add("-XX:+UseSerialGC");
    return options;
  }

  /** {@code options} plus reading the archive {@code name}, or writing it when it is not there yet. */
  private Launch withArchive(List<String> options, String name, String classPath) {
    if (name == null) {
      return new Launch(List.copyOf(options), null, null);
    }
    Path archive = cacheDir.resolve(name);
    // The JVM's own CDS messages go to stdout, where some commands write their results.
    options.add("-Xlog:cds=off");
    options.add("-Xlog:cds+dynamic=off");
    if (Files.isRegularFile(archive)) {
      options.add("-XX:SharedArchiveFile=" + archive);
      options.add("-Xshare:auto");
      return new Launch(List.copyOf(options), null, archive);
    }
    try {
      Files.createDirectories(cacheDir);
      removeOtherBuilds(buildPrefix(classPath));
    } catch (IOException e) {
      return new Launch(List.copyOf(options), null, null); // no cache folder: start without an archive
    }
    Path writing = cacheDir.resolve(name + "." + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".tmp");
    options.add("-XX:ArchiveClassesAtExit=" + writing);
    return new Launch(List.copyOf(options), writing, archive);
  }

  /**
   * The archive's file name for {@code constcl <args>} on {@code classPath}, as {@code bin/constcl}
   * names it: {@code constcl-<jar size>-<jar time in seconds>-<command>.jsa}; null when the class
   * path is not one jar file (the packaged {@code constcl.jar}) or the command has no name.
   */
  public static String archiveName(List<String> args, String classPath) {
    String build = buildPrefix(classPath);
    String command = command(args);
    return build == null || !command.matches("[a-zA-Z][a-zA-Z0-9-]*") ? null : build + command + ".jsa";
  }

  /** {@code constcl-<jar size>-<jar time in seconds>-}: what every archive of this build starts with. */
  private static String buildPrefix(String classPath) {
    Path jar = Path.of(classPath);
    if (classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar") || !Files.isRegularFile(jar)) {
      return null;
    }
    try {
      return "constcl-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis() / 1000 + "-";
    } catch (IOException e) {
      return null;
    }
  }

  /** After the child exited: its archive goes into place if it succeeded, else away. */
  public void finished(Launch launch, int exitCode) {
    if (launch.writing() == null) {
      return;
    }
    try {
      if (exitCode == 0 && Files.isRegularFile(launch.writing()) && Files.size(launch.writing()) > 0) {
        Files.move(launch.writing(), launch.archive(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.deleteIfExists(launch.writing());
      }
    } catch (IOException e) {
      // An archive is an optimisation: a child that cannot leave one starts the slow way next time.
      try {
        Files.deleteIfExists(launch.writing());
      } catch (IOException ignored) {
        // nothing more to do
      }
    }
  }

  /** The command a child runs, as archives are named: {@code ingest}, {@code eval-propagate}, {@code version}. */
  static String command(List<String> args) {
    String verb = args.get(0).replaceFirst("^--?", ""); // --version: "version", as bin/constcl names it
    return args.size() > 1 && args.get(1).matches("[a-z][a-z0-9-]*") ? verb + "-" + args.get(1) : verb;
  }

  /**
   * Archives of other builds (names not starting with {@code prefix}) match no jar any more;
   * temporary files older than a day belong to writers that died.
   */
  private void removeOtherBuilds(String prefix) throws IOException {
    long dayAgo = System.currentTimeMillis() - 86_400_000L;
    try (Stream<Path> files = Files.list(cacheDir)) {
      for (Path p : files.toList()) {
        String name = p.getFileName().toString();
        boolean stale = name.startsWith("constcl-") && name.endsWith(".jsa") && !name.startsWith(prefix);
        boolean deadTemp = name.startsWith("constcl-") && name.endsWith(".tmp") && Files.getLastModifiedTime(p).toMillis() < dayAgo;
        if (stale || deadTemp) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
