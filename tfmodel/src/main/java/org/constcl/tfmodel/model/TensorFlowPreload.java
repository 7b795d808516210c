package org.constcl.tfmodel.model;

import org.tensorflow.TensorFlow;

/**
 * Loads TensorFlow's native library on a background thread, so that its ~1 s (a 400 MB library and
 * its kernel registrations) overlaps with what a stage does before its first graph: parsing
 * options, indexing Parquet files, starting the data loader. The first use of TensorFlow on any
 * other thread waits for the load to finish (class initialisation is locked); a failed load
 * surfaces there, with its message, so this thread stays silent.
 */
public final class TensorFlowPreload {
  private static volatile boolean started;

  private TensorFlowPreload() {}

  /** Starts the load once per process; returns at once. */
  public static synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    Thread t = new Thread(() -> {
      try {
        TensorFlow.version();
      } catch (Throwable ignored) {
        // reported by the first real use of TensorFlow
      }
    }, "constcl-tensorflow-load");
    t.setDaemon(true);
    t.start();
  }
}
