package org.constcl.transforms.clip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a video's frames into segments: selects the frames inside an optional time range, keeps
 * every {@code stride}-th, and cuts the kept frames into the fewest segments of at most
 * {@code maxSegmentFrames}, as equal in length as possible (so a video of 301 frames with a limit
 * of 300 becomes 151 + 150, never 300 + 1). Pure; no I/O.
 */
public final class SegmentPlanner {
  private SegmentPlanner() {}

  /**
   * Plans segments for a video whose frames have {@code timestampsUs} (ascending).
   *
   * @param startSec start of the time range relative to the first frame, or null for the start
   * @param endSec end of the time range (exclusive), or null for the end
   * @return the segments, empty when the range selects no frame
   */
  public static List<SegmentPlan> plan(
      long[] timestampsUs, Double startSec, Double endSec, int stride, int maxSegmentFrames) {
    if (stride < 1 || maxSegmentFrames < 1) {
      throw new IllegalArgumentException("stride and maxSegmentFrames must be >= 1");
    }
    int first = 0;
    int end = timestampsUs.length;
    if (timestampsUs.length > 0 && (startSec != null || endSec != null)) {
      long t0 = timestampsUs[0];
      while (startSec != null && first < end && timestampsUs[first] - t0 < startSec * 1e6) {
        first++;
      }
      while (endSec != null && end > first && timestampsUs[end - 1] - t0 >= endSec * 1e6) {
        end--;
      }
    }
    int kept = end > first ? (end - first + stride - 1) / stride : 0;
    List<SegmentPlan> plans = new ArrayList<>();
    if (kept == 0) {
      return plans;
    }
    int segments = (kept + maxSegmentFrames - 1) / maxSegmentFrames;
    int base = kept / segments;
    int longer = kept % segments;
    int keptBefore = 0;
    for (int s = 0; s < segments; s++) {
      int count = base + (s < longer ? 1 : 0);
      int startFrame = first + keptBefore * stride;
      int lastFrame = startFrame + (count - 1) * stride;
      long[] window = Arrays.copyOfRange(timestampsUs, startFrame, lastFrame + 1);
      plans.add(new SegmentPlan(s, segments, startFrame, count, stride, window));
      keptBefore += count;
    }
    return plans;
  }

  /** The stride for {@code targetFps} from a source at {@code sourceFps}: round(source/target), at least 1. */
  public static int strideForTargetFps(double sourceFps, double targetFps) {
    if (targetFps <= 0 || sourceFps <= 0) {
      return 1;
    }
    return Math.max(1, (int) Math.round(sourceFps / targetFps));
  }

}
