package org.constcl.workflows.cli;

import java.util.Locale;
import java.util.function.LongSupplier;
import org.constcl.workflows.console.Console;

/**
 * Prints a progress line for an in-process job on stderr every {@code periodMillis}: one line
 * redrawn in place on a terminal, a new line each time otherwise (logs, CI).
 */
final class ProgressPrinter implements AutoCloseable {
  private final Console console;
  private final String label;
  private final String unit;
  private final long total;
  private final LongSupplier done;
  private final LongSupplier frames;
  private final long start = System.nanoTime();
  private final Thread thread;

  ProgressPrinter(Console console, String label, String unit, long total, LongSupplier done, LongSupplier frames,
      long periodMillis) {
    this.console = console;
    this.label = label;
    this.unit = unit;
    this.total = total;
    this.done = done;
    this.frames = frames;
    this.thread = new Thread(() -> loop(periodMillis), "constcl-progress");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop(long periodMillis) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(periodMillis);
        print(false);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void print(boolean last) {
    double secs = (System.nanoTime() - start) / 1e9;
    long f = frames.getAsLong();
    String line = String.format(Locale.ROOT, "%s: %d/%d %s, %,d frames, %.0f frames/s, %.0f s",
        label, done.getAsLong(), total, unit, f, secs > 0 ? f / secs : 0, secs);
    if (console.interactive()) {
      console.err().print("\r" + line + (last ? "\n" : ""));
    } else {
      console.err().println(line);
    }
    console.err().flush();
  }

  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (console.interactive()) {
      print(true);
    }
  }
}
