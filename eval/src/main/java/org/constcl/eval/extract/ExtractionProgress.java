package org.constcl.eval.extract;

import java.util.concurrent.atomic.AtomicLong;

/** Videos scored in this JVM (embedded runs), for progress lines. */
public final class ExtractionProgress {
  public static final AtomicLong VIDEOS = new AtomicLong();

  private ExtractionProgress() {}
}
