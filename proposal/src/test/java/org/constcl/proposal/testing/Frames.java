package org.constcl.proposal.testing;

import org.bytedeco.opencv.opencv_core.Mat;
import org.constcl.transforms.record.ClipRecord;
import org.constcl.transforms.video.JpegDecoder;

/** Decoded frames of clip records, for tests that call a source directly. */
public final class Frames {
  private Frames() {}

  /** Stored frame {@code index} of {@code clip} as BGR (caller closes). */
  public static Mat bgr(ClipRecord clip, int index) {
    return JpegDecoder.decodeBgr(clip.frames().get(index));
  }
}
