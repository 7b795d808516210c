package org.constcl.eval.data;

import java.io.Serializable;

/**
 * How clips are cut for a downstream task.
 *
 * @param frames frames per clip (T)
 * @param stride stored frames between consecutive clip frames
 * @param trainSize training crop side after resizing
 * @param testSize test view side after resizing
 * @param testClips temporal clips per test video (N)
 * @param testCrops spatial crops per temporal clip (M: 1 centre, 3 left/centre/right or top/centre/bottom)
 * @param cropArea random resized crop area range for training
 * @param cropAspect random resized crop aspect range for training
 */
public record ClipGeometry(int frames, int stride, int trainSize, int testSize, int testClips, int testCrops,
    double[] cropArea, double[] cropAspect) implements Serializable {

  public ClipGeometry {
    if (frames < 1 || stride < 1 || trainSize < 16 || testSize < 16 || testClips < 1) {
      throw new IllegalArgumentException("clip geometry needs frames >= 1, stride >= 1, sizes >= 16, test clips >= 1");
    }
    if (testCrops != 1 && testCrops != 3) {
      throw new IllegalArgumentException("test crops must be 1 (centre) or 3 (two ends and centre), got " + testCrops);
    }
  }

  /** Stored frames one clip spans. */
  public int span() {
    return (frames - 1) * stride + 1;
  }

  /** Views per test video. */
  public int views() {
    return testClips * testCrops;
  }
}
