package org.constcl.proposal.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of a proposal run in this JVM (DirectRunner or embedded Flink), for progress
 * printing and for the benchmark's in-pipeline timing. A remote cluster's workers count in their
 * own JVMs.
 */
public final class ProposalProgress {
  private static final AtomicLong CLIPS = new AtomicLong();
  private static final AtomicLong FRAMES = new AtomicLong();
  private static final AtomicLong DECODE_NANOS = new AtomicLong();
  private static final AtomicLong PROPOSE_NANOS = new AtomicLong();

  private ProposalProgress() {}

  /** Clears the counters before a run. */
  public static void reset() {
    CLIPS.set(0);
    FRAMES.set(0);
    DECODE_NANOS.set(0);
    PROPOSE_NANOS.set(0);
  }

  static void clipDone() {
    CLIPS.incrementAndGet();
  }

  static void frameDone(long decodeNanos, long proposeNanos) {
    FRAMES.incrementAndGet();
    DECODE_NANOS.addAndGet(decodeNanos);
    PROPOSE_NANOS.addAndGet(proposeNanos);
  }

  public static long clips() {
    return CLIPS.get();
  }

  public static long frames() {
    return FRAMES.get();
  }

  /** Time spent decoding JPEG frames, summed over workers. */
  public static long decodeNanos() {
    return DECODE_NANOS.get();
  }

  /** Time spent inside the source's routine, summed over workers. */
  public static long proposeNanos() {
    return PROPOSE_NANOS.get();
  }
}
