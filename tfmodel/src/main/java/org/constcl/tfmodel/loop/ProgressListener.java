package org.constcl.tfmodel.loop;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The progress line on stderr: {@code <label> [####----] step/total  loss …  <shown scalars>  ETA},
 * redrawn in place on a terminal, printed every 10 s (and at the last step) otherwise.
 */
public final class ProgressListener implements TrainingListener {
  private final PrintStream err;
  private final boolean interactive;
  private final String label;
  private final Map<String, String> shown;
  private final long firstStep;
  private final long start = System.nanoTime();
  private long lastPrint;

  /**
   * @param firstStep the step the run starts after (0, or the checkpoint's on resume)
   * @param shown scalars to show beside the loss: short name → scalar key
   */
  public ProgressListener(PrintStream err, boolean interactive, String label, long firstStep, Map<String, String> shown) {
    this.err = err;
    this.interactive = interactive;
    this.label = label;
    this.firstStep = firstStep;
    this.shown = new LinkedHashMap<>(shown);
  }

  @Override
  public void onStep(StepRecord r) {
    long now = System.nanoTime();
    if (!r.last() && now - lastPrint < (interactive ? 250_000_000L : 10_000_000_000L)) {
      return;
    }
    lastPrint = now;
    double elapsed = (now - start) / 1e9;
    long done = r.step() - firstStep;
    double eta = done > 0 ? elapsed / done * (r.totalSteps() - r.step()) : 0;
    int width = 24;
    int filled = (int) (width * r.step() / Math.max(1, r.totalSteps()));
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s [%s%s] %d/%d  loss %.4f", label, "#".repeat(filled),
        "-".repeat(width - filled), r.step(), r.totalSteps(), r.loss()));
    shown.forEach((name, key) -> {
      Double v = r.scalars().get(key);
      if (v != null) {
        line.append(String.format(Locale.ROOT, "  %s %.3f", name, v));
      }
    });
    line.append("  ETA ").append(duration(eta));
    if (interactive) {
      err.print("\r" + line + (r.last() ? "\n" : ""));
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
