package org.constcl.transforms.clip;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Which source frames one segment keeps.
 *
 * @param segmentIndex 0-based position of the segment in its video
 * @param numSegments how many segments the video has
 * @param startFrame source frame index (presentation order) of the first kept frame
 * @param frameCount kept frames
 * @param frameStride source frames between kept frames
 * @param windowTimestampsUs probe timestamps of every source frame from the first kept frame to
 *     the last one (kept frames are every {@code frameStride}-th of them)
 */
public record SegmentPlan(
    int segmentIndex,
    int numSegments,
    int startFrame,
    int frameCount,
    int frameStride,
    long[] windowTimestampsUs)
    implements Serializable {

  /** Source index of the last kept frame. */
  public int lastFrame() {
    return startFrame + (frameCount - 1) * frameStride;
  }

  /** Timestamps of the kept frames. */
  public long[] keptTimestampsUs() {
    long[] kept = new long[frameCount];
    for (int i = 0; i < frameCount; i++) {
      kept[i] = windowTimestampsUs[i * frameStride];
    }
    return kept;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SegmentPlan p
        && segmentIndex == p.segmentIndex
        && numSegments == p.numSegments
        && startFrame == p.startFrame
        && frameCount == p.frameCount
        && frameStride == p.frameStride
        && Arrays.equals(windowTimestampsUs, p.windowTimestampsUs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(segmentIndex, startFrame, frameCount, frameStride);
  }
}
