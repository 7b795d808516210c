package org.constcl.workflows.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Follows a child process's peak resident memory (VmHWM in /proc, Linux) until it exits. */
public final class PeakRss {
  private PeakRss() {}

  /** Waits for {@code p}, returning its peak RSS in bytes (the last VmHWM read before exit). */
  public static long waitFor(Process p) throws InterruptedException {
    Path status = Path.of("/proc", Long.toString(p.pid()), "status");
    long peak = 0;
    while (p.isAlive()) {
      try {
        for (String line : Files.readAllLines(status)) {
          if (line.startsWith("VmHWM:")) {
            peak = Math.max(peak, Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
          }
        }
      } catch (IOException | NumberFormatException e) {
        // The process ended between isAlive and the read.
      }
      Thread.sleep(20);
    }
    p.waitFor();
    return peak;
  }
}
