package org.constcl.proposal.pipeline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.constcl.proposal.record.Box;
import org.constcl.proposal.record.BoxRecord;
import org.constcl.proposal.record.BoxRecordAvro;
import org.constcl.proposal.source.FrameRef;
import org.constcl.proposal.source.ProposalConfig;
import org.constcl.proposal.source.Proposers;
import org.constcl.proposal.source.RegionProposer;
import org.constcl.transforms.io.ParquetRowGroups;
import org.constcl.transforms.record.AvroBytes;
import org.constcl.transforms.record.ClipRecord;
import org.constcl.transforms.record.ClipRecordAvro;
import org.constcl.transforms.record.Reject;
import org.constcl.transforms.video.JpegDecoder;

/**
 * Reads one row group of a clip shard and proposes boxes for every clip in it: decode each
 * {@code frame_stride}-th frame, run the source, emit the box record keyed by clip id. A clip with
 * an undecodable frame, or one the source fails on, gets a rejected box record (so box shards
 * stay aligned with clip shards) and a reject; other clips are unaffected.
 */
final class ProposeBoxesFn extends DoFn<ParquetRowGroups.Span, KV<String, byte[]>> {
  static final TupleTag<KV<String, byte[]>> BOXES = new TupleTag<>() {};
  static final TupleTag<Reject> REJECTS = new TupleTag<>() {};
  static final TupleTag<ClipBoxStats> STATS = new TupleTag<>() {};
  static final String STAGE = "proposals/";

  private final ProposalConfig config;
  private transient RegionProposer proposer;

  ProposeBoxesFn(ProposalConfig config) {
    this.config = config;
  }

  @Setup
  public void setup() {
    // The pipeline runs one clip per worker thread; OpenCV's own thread pool would oversubscribe.
    opencv_core.setNumThreads(1);
    proposer = Proposers.create(config);
  }

  @ProcessElement
  public void process(@Element ParquetRowGroups.Span span, MultiOutputReceiver out) {
    try {
      ParquetRowGroups.read(span, g -> emit(ClipRecordAvro.fromAvro(g), out));
    } catch (IOException | RuntimeException e) {
      // The clips in an unreadable row group have no record to align with; the summary counts
      // them missing and readers' alignment check fails loudly.
      out.get(REJECTS).output(new Reject(span.file() + "#rowgroup=" + span.index(), STAGE + "read",
          "unreadable_clip_shard", e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
  }

  private void emit(ClipRecord clip, MultiOutputReceiver out) {
    Proposed p = propose(clip);
    BoxRecord r = p.record();
    if (r.isRejected()) {
      out.get(REJECTS).output(new Reject(clip.clipId(), STAGE + config.source(), r.rejectReason(), p.detail()));
    }
    int[] perFrame = new int[r.frames().size()];
    for (int i = 0; i < perFrame.length; i++) {
      perFrame[i] = r.frames().get(i).size();
    }
    out.get(STATS).output(new ClipBoxStats(clip.clipId(), r.isRejected(), perFrame));
    out.get(BOXES).output(KV.of(clip.clipId(), AvroBytes.encode(BoxRecordAvro.SCHEMA, BoxRecordAvro.toAvro(r))));
    ProposalProgress.clipDone();
  }

  /** A clip's box record, and for a rejected one what went wrong. */
  record Proposed(BoxRecord record, String detail) {}

  /** The box record of {@code clip}; rejected on an undecodable frame or a failing source. */
  Proposed propose(ClipRecord clip) {
    List<Integer> indices = new ArrayList<>();
    List<List<Box>> frames = new ArrayList<>();
    for (int i = 0; i < clip.numFrames(); i += config.frameStride()) {
      long t0 = System.nanoTime();
      Mat bgr = null;
      try {
        if (config.needsPixels()) {
          try {
            bgr = JpegDecoder.decodeBgr(clip.frames().get(i));
          } catch (IllegalArgumentException e) {
            return rejected(clip, "undecodable_frame", "frame " + i + " of " + clip.numFrames() + ": " + e.getMessage());
          }
          if (bgr.cols() != clip.width() || bgr.rows() != clip.height()) {
            return rejected(clip, "frame_size_mismatch", "frame " + i + " is " + bgr.cols() + "x" + bgr.rows()
                + " but the record says " + clip.width() + "x" + clip.height());
          }
        }
        long t1 = System.nanoTime();
        List<Box> boxes;
        try {
          boxes = proposer.propose(new FrameRef(clip.clipId(), i, clip.width(), clip.height()), bgr);
        } catch (RuntimeException e) {
          return rejected(clip, "source_failed", "frame " + i + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        ProposalProgress.frameDone(t1 - t0, System.nanoTime() - t1);
        indices.add(i);
        frames.add(boxes);
      } finally {
        if (bgr != null) {
          bgr.close();
        }
      }
    }
    return new Proposed(record(clip, null, indices, frames), null);
  }

  private Proposed rejected(ClipRecord clip, String reason, String detail) {
    return new Proposed(record(clip, reason, List.of(), List.of()), detail);
  }

  private BoxRecord record(ClipRecord clip, String reason, List<Integer> indices, List<List<Box>> frames) {
    return new BoxRecord(clip.clipId(), clip.videoId(), config.source(), config.engine().id(), config.digest(),
        config.canonicalJson(), reason, clip.numFrames(), clip.width(), clip.height(), indices, frames);
  }

  @Teardown
  public void teardown() {
    if (proposer != null) {
      proposer.close();
      proposer = null;
    }
  }
}
