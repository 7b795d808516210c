package org.constcl.transforms.ingest;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;
import org.constcl.transforms.clip.SegmentPlan;
import org.constcl.transforms.record.ClipRecord;
import org.constcl.transforms.record.Reject;
import org.constcl.transforms.video.DecodedSegment;
import org.constcl.transforms.video.FfmpegSetup;
import org.constcl.transforms.video.SegmentDecoder;
import org.constcl.transforms.video.SegmentRequest;
import org.constcl.transforms.video.VideoRejectedException;

/**
 * Decodes one segment into a {@link ClipRecord} of JPEG frames. A segment that cannot be decoded
 * becomes a reject; the video's other segments are unaffected. Main output: {@link #CLIPS}; side
 * outputs: {@link #REJECTS}, {@link #STATS}.
 */
final class EncodeSegmentFn extends DoFn<SegmentTask, ClipRecord> {
  static final TupleTag<ClipRecord> CLIPS = new TupleTag<>() {};
  static final TupleTag<Reject> REJECTS = new TupleTag<>() {};
  static final TupleTag<ClipStats> STATS = new TupleTag<>() {};
  static final String STAGE = "ingest/decode";

  private final IngestConfig config;
  private final Counter frames = Metrics.counter(EncodeSegmentFn.class, "frames_encoded");
  private final Counter seekFallbacks = Metrics.counter(EncodeSegmentFn.class, "seek_fallbacks");
  private final Distribution segmentMillis = Metrics.distribution(EncodeSegmentFn.class, "segment_millis");
  private transient SegmentDecoder decoder;

  EncodeSegmentFn(IngestConfig config) {
    this.config = config;
  }

  @Setup
  public void setup() {
    FfmpegSetup.configureLogging(config.verbose());
    decoder = new SegmentDecoder(config.decodeSettings());
  }

  @ProcessElement
  public void process(@Element SegmentTask task, MultiOutputReceiver out) {
    SegmentPlan plan = task.plan();
    long start = System.nanoTime();
    try {
      DecodedSegment d =
          decoder.decode(
              new SegmentRequest(
                  task.source().path(), plan.startFrame(), plan.frameCount(), plan.frameStride(),
                  task.timestampsReliable() ? plan.windowTimestampsUs() : null,
                  task.size().width(), task.size().height()));
      ClipRecord record = toRecord(task, d);
      out.get(CLIPS).output(record);
      out.get(STATS).output(
          new ClipStats(record.clipId(), record.numFrames(), record.frameBytes(), record.shortVideo(),
              d.missingFrames(), d.unlistedFrames()));
      frames.inc(record.numFrames());
      if (d.seekFellBack()) {
        seekFallbacks.inc();
      }
      IngestProgress.segmentDone(task.source().videoId(), record.numFrames());
    } catch (VideoRejectedException e) {
      int last = plan.lastFrame();
      out.get(REJECTS).output(
          new Reject(task.source().path(), STAGE, e.reason().code(),
              "segment " + plan.segmentIndex() + " (source frames " + plan.startFrame() + ".." + last
                  + "): " + e.getMessage()));
      IngestProgress.segmentDone(task.source().videoId(), 0);
    } finally {
      segmentMillis.update((System.nanoTime() - start) / 1_000_000);
    }
  }

  private ClipRecord toRecord(SegmentTask task, DecodedSegment d) {
    SegmentPlan plan = task.plan();
    return ClipRecord.builder()
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
  }

  @Teardown
  public void teardown() {
    if (decoder != null) {
      decoder.close();
    }
  }
}
