package org.constcl.workflows.bench;

import java.util.Arrays;

/** Wall-clock samples of one measured step. */
public final class Timings {
  private final double[] seconds;

  public Timings(double[] seconds) {
    this.seconds = seconds.clone();
  }

  /** The median sample. */
  public double median() {
    double[] s = seconds.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  public double min() {
    return Arrays.stream(seconds).min().orElse(Double.NaN);
  }

  public double max() {
    return Arrays.stream(seconds).max().orElse(Double.NaN);
  }

  /** How many samples are at most {@code limit}: a verdict near a target that one median would hide. */
  public int atMost(double limit) {
    return (int) Arrays.stream(seconds).filter(x -> x <= limit).count();
  }

  /** The number of samples. */
  public int count() {
    return seconds.length;
  }

  /** Runs {@code step} {@code repeats} times and times each run. */
  public static Timings measure(int repeats, Step step) throws Exception {
    double[] s = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long t0 = System.nanoTime();
      step.run(i);
      s[i] = (System.nanoTime() - t0) / 1e9;
    }
    return new Timings(s);
  }

  /** A measured step; {@code i} is the repeat index. */
  public interface Step {
    void run(int i) throws Exception;
  }
}
