package org.constcl.transforms.ingest;

import java.io.Serializable;
import org.constcl.transforms.clip.FrameSize;
import org.constcl.transforms.clip.SegmentPlan;
import org.constcl.transforms.input.VideoSource;
import org.constcl.transforms.record.ClipRecord;

/**
 * One segment of a probed video, waiting to be decoded: the unit of work that is spread over
 * workers after the video-to-segments fan-out.
 *
 * @param source the video
 * @param sha256 SHA-256 of the video file
 * @param codec FFmpeg decoder name
 * @param fps source frame rate
 * @param sourceWidth source width
 * @param sourceHeight source height
 * @param size stored frame size
 * @param plan which frames the segment keeps
 * @param timestampsReliable whether frames can be matched by timestamp (else by decode order)
 */
record SegmentTask(
    VideoSource source,
    String sha256,
    String codec,
    double fps,
    int sourceWidth,
    int sourceHeight,
    FrameSize size,
    SegmentPlan plan,
    boolean timestampsReliable)
    implements Serializable {

  /** The clip id of the record this segment becomes. */
  String clipId() {
    return ClipRecord.clipId(source.videoId(), plan.segmentIndex());
  }
}
