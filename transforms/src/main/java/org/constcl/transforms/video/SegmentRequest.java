package org.constcl.transforms.video;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * One segment to decode: which source frames to keep and the size to store them at.
 *
 * @param path local path of the video
 * @param startFrame index (presentation order) of the first frame to keep
 * @param frameCount how many frames to keep
 * @param frameStride keep every {@code frameStride}-th frame from {@code startFrame}
 * @param windowTimestampsUs timestamps the probe listed for every frame from the first kept frame
 *     to the last, or null when the video's timestamps are unreliable (frames are then counted in
 *     decode order from the start of the file)
 * @param width output width
 * @param height output height
 */
public record SegmentRequest(
    String path,
    int startFrame,
    int frameCount,
    int frameStride,
    long[] windowTimestampsUs,
    int width,
    int height)
    implements Serializable {

  /** Timestamps of the frames to keep (every {@code frameStride}-th of the window). */
  long[] keptTimestampsUs() {
    long[] kept = new long[frameCount];
    for (int i = 0; i < frameCount; i++) {
      kept[i] = windowTimestampsUs[i * frameStride];
    }
    return kept;
  }

  /** Whether the probe listed a frame at {@code timestampUs} inside the window. */
  boolean listed(long timestampUs) {
    return Arrays.binarySearch(windowTimestampsUs, timestampUs) >= 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SegmentRequest r
        && path.equals(r.path)
        && startFrame == r.startFrame
        && frameCount == r.frameCount
        && frameStride == r.frameStride
        && Arrays.equals(windowTimestampsUs, r.windowTimestampsUs)
        && width == r.width
        && height == r.height;
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, startFrame, frameCount, frameStride, width, height);
  }
}
