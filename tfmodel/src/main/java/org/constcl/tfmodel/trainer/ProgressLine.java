package org.constcl.tfmodel.trainer;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The training progress line on stderr: step, loss, accuracy, throughput and ETA, redrawn in
 * place on a terminal, printed every {@code every} steps otherwise.
 */
final class ProgressLine {
  private final PrintStream err;
  private final boolean interactive;
  private final long total;
  private final long start = System.nanoTime();
  private final long firstStep;
  private long lastPrint;

  ProgressLine(PrintStream err, boolean interactive, long firstStep, long total) {
    this.err = err;
    this.interactive = interactive;
    this.firstStep = firstStep;
    this.total = total;
  }

  void update(long stepsDone, double loss, double accuracy, double clipsPerSecond) {
    long now = System.nanoTime();
    boolean last = stepsDone == total;
    if (!last && now - lastPrint < (interactive ? 250_000_000L : 10_000_000_000L)) {
      return;
    }
    lastPrint = now;
    double elapsed = (now - start) / 1e9;
    long done = stepsDone - firstStep;
    double eta = done > 0 ? elapsed / done * (total - stepsDone) : 0;
    int width = 24;
    int filled = (int) (width * stepsDone / Math.max(1, total));
    String bar = "#".repeat(filled) + "-".repeat(width - filled);
    String line = String.format(Locale.ROOT, "train [%s] %d/%d  loss %.4f  acc %.3f  %.1f clips/s  ETA %s",
        bar, stepsDone, total, loss, accuracy, clipsPerSecond, duration(eta));
    if (interactive) {
      err.print("\r" + line + (last ? "\n" : ""));
    } else {
      err.println(line);
    }
    err.flush();
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
