package org.constcl.workflows.engine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Resident memory of a process, as Linux reports it ({@code VmRSS} in {@code /proc/<pid>/status}),
 * and this machine's physical memory. Elsewhere the resident size is unknown and the callers fall
 * back to what they did without it.
 */
public final class ResidentMemory {
  private ResidentMemory() {}

  /** The resident bytes of process {@code pid}, or empty where the OS does not say (or it is gone). */
  public static OptionalLong of(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
          return OptionalLong.of(Long.parseLong(parts[0]) * 1024); // the kernel writes kB
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process exited between the question and the answer
    }
    return OptionalLong.empty();
  }

  /** This machine's physical memory in bytes. */
  public static long physical() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
  }
}
