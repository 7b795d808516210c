package org.constcl.transforms.ingest;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of an ingest running in this JVM (DirectRunner or embedded Flink), read by the
 * command line to print progress. Workers of a remote cluster update their own JVM's counters,
 * which the driver never sees; there the Flink web UI shows progress.
 */
public final class IngestProgress {
  private static final AtomicLong VIDEOS_DONE = new AtomicLong();
  private static final AtomicLong FRAMES = new AtomicLong();
  private static final AtomicLong SEGMENTS = new AtomicLong();
  private static final ConcurrentHashMap<String, AtomicInteger> SEGMENTS_LEFT = new ConcurrentHashMap<>();

  private IngestProgress() {}

  /** Clears the counters before a run. */
  public static void reset() {
    VIDEOS_DONE.set(0);
    FRAMES.set(0);
    SEGMENTS.set(0);
    SEGMENTS_LEFT.clear();
  }

  static void videoRejected() {
    VIDEOS_DONE.incrementAndGet();
  }

  static void videoPlanned(String videoId, int segments) {
    SEGMENTS_LEFT.put(videoId, new AtomicInteger(segments));
  }

  static void segmentDone(String videoId, int frames) {
    FRAMES.addAndGet(frames);
    SEGMENTS.incrementAndGet();
    AtomicInteger left = SEGMENTS_LEFT.get(videoId);
    if (left != null && left.decrementAndGet() == 0) {
      SEGMENTS_LEFT.remove(videoId);
      VIDEOS_DONE.incrementAndGet();
    }
  }

  /** Videos fully processed (ingested or rejected). */
  public static long videosDone() {
    return VIDEOS_DONE.get();
  }

  /** Frames encoded so far. */
  public static long frames() {
    return FRAMES.get();
  }

  /** Segments encoded so far. */
  public static long segments() {
    return SEGMENTS.get();
  }
}
