package org.constcl.workflows.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How much work the machine's cores do together, relative to one: the same fixed CPU loop on
 * one thread, then on {@code n} threads at once; capacity = n × (one thread's time) / (slowest
 * of the n threads' time). A machine whose cores are real gives ≈ n; virtual CPUs that share a
 * physical core, or a host that time-slices them, give less. Why the training benchmark prints
 * it: a loader and TensorFlow on "two cores" share what the cores deliver together, not 2 × one.
 */
public final class CoreCapacity {
  private CoreCapacity() {}

  /** One measurement: {@code threads} busy threads did {@code capacity} times one thread's work. */
  public record Result(int threads, double singleSeconds, double parallelSeconds, double capacity) {}

  /** Measures with one thread per core the JVM sees; best of {@code rounds} rounds each way. */
  public static Result measure(int rounds) throws Exception {
    int n = Runtime.getRuntime().availableProcessors();
    loop(); // compile the loop before timing it
    double single = Double.MAX_VALUE;
    double parallel = Double.MAX_VALUE;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      for (int r = 0; r < rounds; r++) {
        single = Math.min(single, timed(List.of(CoreCapacity::loopSeconds), pool));
        List<Callable<Double>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          all.add(CoreCapacity::loopSeconds);
        }
        parallel = Math.min(parallel, timed(all, pool));
      }
    } finally {
      pool.shutdownNow();
    }
    return new Result(n, single, parallel, n * single / parallel);
  }

  /** The slowest task's own time when {@code tasks} run at once. */
  private static double timed(List<Callable<Double>> tasks, ExecutorService pool) throws Exception {
    double slowest = 0;
    for (Future<Double> f : pool.invokeAll(tasks)) {
      slowest = Math.max(slowest, f.get());
    }
    return slowest;
  }

  private static double loopSeconds() {
    long t0 = System.nanoTime();
    long sink = loop();
    double s = (System.nanoTime() - t0) / 1e9;
    // Use the result so the JIT cannot drop the loop.
    return sink == 42 ? s + 1e-12 : s;
  }

  /** ~0.25 s of integer and floating-point work on one core, no memory traffic. */
  static long loop() {
    long x = 0;
    double y = 1;
    for (int i = 0; i < 150_000_000; i++) {
      x += (long) i * i ^ (x >>> 7);
      y = y * 1.0000001 + 1e-9;
    }
    return x + (long) y;
  }
}
