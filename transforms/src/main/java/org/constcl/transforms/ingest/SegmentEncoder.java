package org.constcl.transforms.ingest;

import org.constcl.transforms.clip.SegmentPlan;
import org.constcl.transforms.record.ClipRecord;
import org.constcl.transforms.video.DecodedSegment;
import org.constcl.transforms.video.SegmentDecoder;
import org.constcl.transforms.video.SegmentRequest;
import org.constcl.transforms.video.VideoRejectedException;

/** Turns a segment task into a clip record by decoding its frames. Not thread-safe. */
final class SegmentEncoder implements AutoCloseable {
  private final IngestConfig config;
  private final SegmentDecoder decoder;

  SegmentEncoder(IngestConfig config) {
    this.config = config;
    this.decoder = new SegmentDecoder(config.decodeSettings());
  }

  /** The record of {@code task}, with what decoding it found. */
  Encoded encode(SegmentTask task) throws VideoRejectedException {
    SegmentPlan plan = task.plan();
    DecodedSegment d =
        decoder.decode(
            new SegmentRequest(
                task.source().path(), plan.startFrame(), plan.frameCount(), plan.frameStride(),
                task.timestampsReliable() ? plan.windowTimestampsUs() : null,
                task.size().width(), task.size().height()));
    ClipRecord record =
        ClipRecord.builder()
            .videoId(task.source().videoId())
            .sourceUri(task.source().path())
            .sourceSha256(task.sha256())
            .sourceCodec(task.codec())
            .segmentIndex(plan.segmentIndex())
            .numSegments(plan.numSegments())
            .startFrame(plan.startFrame())
            .frameStride(plan.frameStride())
            .fps(task.fps())
            .size(task.size().width(), task.size().height())
            .sourceSize(task.sourceWidth(), task.sourceHeight())
            .frames(d.frames(), d.timestampsUs())
            .shortVideo(d.frames().size() < config.minClipFrames())
            .label(task.source().label(), task.source().labelIndex())
            .split(task.source().split())
            .build();
    return new Encoded(record, new ClipStats(record.clipId(), record.numFrames(), record.frameBytes(),
        record.shortVideo(), d.missingFrames(), d.unlistedFrames()), d.seekFellBack());
  }

  @Override
  public void close() {
    decoder.close();
  }

  /** A record and its statistics. */
  record Encoded(ClipRecord record, ClipStats stats, boolean seekFellBack) {}
}
