package org.constcl.proposal.record;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The boxes one region source produced for one clip record (schema {@code box_record.avsc},
 * documented in docs/records.md). A clip the source could not process still gets a record, with
 * status {@code rejected} and no frames, so box shards stay row-aligned with clip shards.
 *
 * @param clipId the clip record's id
 * @param videoId the clip record's video id
 * @param source region source name
 * @param engine what computed the boxes, with its version
 * @param configDigest digest of {@code config}
 * @param config canonical config JSON
 * @param rejectReason null when the clip was processed; a reason code otherwise
 * @param numFrames stored frames of the clip record
 * @param width stored frame width
 * @param height stored frame height
 * @param frameIndices stored-frame indices that carry boxes, ascending
 * @param frames boxes of each frame in {@code frameIndices}, same length
 */
public record BoxRecord(
    String clipId,
    String videoId,
    String source,
    String engine,
    String configDigest,
    String config,
    String rejectReason,
    int numFrames,
    int width,
    int height,
    List<Integer> frameIndices,
    List<List<Box>> frames)
    implements Serializable {
  /** Status of a processed clip. */
  public static final String OK = "ok";
  /** Status of a clip the source could not process. */
  public static final String REJECTED = "rejected";

  public BoxRecord {
    Objects.requireNonNull(clipId, "clipId");
    Objects.requireNonNull(source, "source");
    frameIndices = List.copyOf(frameIndices);
    frames = frames.stream().map(List::copyOf).toList();
    if (frameIndices.size() != frames.size()) {
      throw new IllegalArgumentException(
          clipId + ": " + frameIndices.size() + " frame indices but boxes for " + frames.size() + " frames");
    }
    for (int i = 0; i < frameIndices.size(); i++) {
      int f = frameIndices.get(i);
      if (f < 0 || f >= numFrames || (i > 0 && f <= frameIndices.get(i - 1))) {
        throw new IllegalArgumentException(clipId + ": frame indices must ascend within [0, " + numFrames + "): " + frameIndices);
      }
    }
  }

  /** {@code ok} or {@code rejected}. */
  public String status() {
    return rejectReason == null ? OK : REJECTED;
  }

  public boolean isRejected() {
    return rejectReason != null;
  }

  /** Boxes over all frames. */
  public int boxCount() {
    int n = 0;
    for (List<Box> f : frames) {
      n += f.size();
    }
    return n;
  }

  /**
   * The boxes of stored frame {@code frame}, or of the nearest earlier frame that carries boxes
   * (the first one if none is earlier); empty for a rejected record.
   */
  public List<Box> boxesAtOrBefore(int frame) {
    if (frameIndices.isEmpty()) {
      return List.of();
    }
    int lo = 0;
    int hi = frameIndices.size() - 1;
    int best = 0;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (frameIndices.get(mid) <= frame) {
        best = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return frames.get(best);
  }
}
