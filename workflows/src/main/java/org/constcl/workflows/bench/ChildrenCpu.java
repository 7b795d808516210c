package org.constcl.workflows.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this JVM's ended child processes (Linux: {@code cutime + cstime} of
 * {@code /proc/self/stat}, which count a child once it has been waited for), so a whole child
 * process's CPU time is the difference across its run; NaN where /proc is not there.
 */
final class ChildrenCpu {
  /** Clock ticks per second of /proc's counters; 100 on every Linux configuration constcl runs on. */
  private static final double TICKS = 100.0;

  private ChildrenCpu() {}

  static double seconds() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // Fields after the command name (which may hold spaces) start at field 3; cutime and cstime are fields 16 and 17.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
