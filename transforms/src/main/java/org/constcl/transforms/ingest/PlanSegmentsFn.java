package org.constcl.transforms.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;
import org.constcl.transforms.clip.FrameSize;
import org.constcl.transforms.clip.SegmentPlan;
import org.constcl.transforms.clip.SegmentPlanner;
import org.constcl.transforms.input.VideoSource;
import org.constcl.transforms.io.FileDigest;
import org.constcl.transforms.record.Reject;
import org.constcl.transforms.video.FfmpegSetup;
import org.constcl.transforms.video.RejectReason;
import org.constcl.transforms.video.VideoInfo;
import org.constcl.transforms.video.VideoProbe;
import org.constcl.transforms.video.VideoRejectedException;

/**
 * Probes a video (demux only), hashes its file and splits it into segment tasks; a video that
 * cannot be read becomes a reject. Main output: {@link #SEGMENTS}; side outputs: {@link #REJECTS},
 * {@link #VIDEOS}.
 */
final class PlanSegmentsFn extends DoFn<VideoSource, SegmentTask> {
  static final TupleTag<SegmentTask> SEGMENTS = new TupleTag<>() {};
  static final TupleTag<Reject> REJECTS = new TupleTag<>() {};
  static final TupleTag<VideoIngested> VIDEOS = new TupleTag<>() {};
  static final String STAGE = "ingest/probe";

  private final IngestConfig config;
  private final Counter probed = Metrics.counter(PlanSegmentsFn.class, "videos_probed");
  private final Counter rejected = Metrics.counter(PlanSegmentsFn.class, "videos_rejected");
  private final Distribution probeMillis = Metrics.distribution(PlanSegmentsFn.class, "probe_millis");

  PlanSegmentsFn(IngestConfig config) {
    this.config = config;
  }

  @Setup
  public void setup() {
    FfmpegSetup.configureLogging(config.verbose());
  }

  @ProcessElement
  public void process(@Element VideoSource source, MultiOutputReceiver out) {
    probed.inc();
    long start = System.nanoTime();
    try {
      Path path = Path.of(source.path());
      VideoInfo info = VideoProbe.probe(path);
      String sha256 = sha256(path);
      int stride =
          config.targetFps() > 0
              ? SegmentPlanner.strideForTargetFps(info.fps(), config.targetFps())
              : config.frameStride();
      List<SegmentPlan> plans =
          SegmentPlanner.plan(
              info.timestampsUs(), source.startSec(), source.endSec(), stride, config.maxSegmentFrames());
      if (plans.isEmpty()) {
        throw new VideoRejectedException(
            RejectReason.EMPTY_TIME_RANGE,
            "the time range [" + source.startSec() + ", " + source.endSec() + ") s selects none of its "
                + info.frameCount() + " frames");
      }
      FrameSize size = FrameSize.scaleToShortSide(info.width(), info.height(), config.shortSide());
      IngestProgress.videoPlanned(source.videoId(), plans.size());
      for (SegmentPlan plan : plans) {
        out.get(SEGMENTS).output(
            new SegmentTask(source, sha256, info.codec(), info.fps(), info.width(), info.height(),
                size, plan, info.timestampsReliable()));
      }
      out.get(VIDEOS).output(new VideoIngested(source.videoId(), sha256, plans.size()));
    } catch (VideoRejectedException e) {
      rejected.inc();
      IngestProgress.videoRejected();
      out.get(REJECTS).output(new Reject(source.path(), STAGE, e.reason().code(), e.getMessage()));
    } finally {
      probeMillis.update((System.nanoTime() - start) / 1_000_000);
    }
  }

  private static String sha256(Path path) throws VideoRejectedException {
    try {
      return FileDigest.sha256Hex(path);
    } catch (IOException e) {
      throw new VideoRejectedException(RejectReason.UNREADABLE_FILE, "reading failed: " + e.getMessage(), e);
    }
  }
}
