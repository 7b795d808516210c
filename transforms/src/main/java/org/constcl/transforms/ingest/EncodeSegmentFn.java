package org.constcl.transforms.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.constcl.transforms.io.ShardFileWriter;
import org.constcl.transforms.io.ShardResult;
import org.constcl.transforms.record.ClipRecordAvro;
import org.constcl.transforms.record.RecordDigest;
import org.constcl.transforms.record.Reject;
import org.constcl.transforms.video.FfmpegSetup;
import org.constcl.transforms.video.VideoRejectedException;

/**
 * Decodes one segment into a clip record and writes it as a one-row part file in the parts
 * folder; emits (clip id, part) for the shard assembly. A segment that cannot be decoded becomes a
 * reject; the video's other segments are unaffected. Main output: {@link #PARTS}; side outputs:
 * {@link #REJECTS}, {@link #STATS}.
 */
final class EncodeSegmentFn extends DoFn<SegmentTask, KV<String, ShardResult>> {
  static final TupleTag<KV<String, ShardResult>> PARTS = new TupleTag<>() {};
  static final TupleTag<Reject> REJECTS = new TupleTag<>() {};
  static final TupleTag<ClipStats> STATS = new TupleTag<>() {};
  static final String STAGE = "ingest/decode";

  private final String partsDirectory;
  private final IngestConfig config;
  private final Counter frames = Metrics.counter(EncodeSegmentFn.class, "frames_encoded");
  private final Counter seekFallbacks = Metrics.counter(EncodeSegmentFn.class, "seek_fallbacks");
  private final Distribution segmentMillis = Metrics.distribution(EncodeSegmentFn.class, "segment_millis");
  private transient SegmentEncoder encoder;

  EncodeSegmentFn(String partsDirectory, IngestConfig config) {
    this.partsDirectory = partsDirectory;
    this.config = config;
  }

  @Setup
  public void setup() {
    FfmpegSetup.configureLogging(config.verbose());
    encoder = new SegmentEncoder(config);
  }

  @ProcessElement
  public void process(@Element SegmentTask task, MultiOutputReceiver out) throws IOException {
    long start = System.nanoTime();
    try {
      SegmentEncoder.Encoded e = encoder.encode(task);
      ShardResult part;
      try (ShardFileWriter writer = new ShardFileWriter(partsDirectory, partName(task.clipId()), ClipRecordAvro.SCHEMA)) {
        writer.write(ClipRecordAvro.toAvro(e.record()));
        part = writer.finish();
      }
      out.get(PARTS).output(KV.of(task.clipId(), part));
      out.get(STATS).output(e.stats());
      frames.inc(e.record().numFrames());
      if (e.seekFellBack()) {
        seekFallbacks.inc();
      }
      IngestProgress.segmentDone(task.source().videoId(), e.record().numFrames());
    } catch (VideoRejectedException ex) {
      out.get(REJECTS).output(new Reject(task.source().path(), STAGE, ex.reason().code(),
          "segment " + task.plan().segmentIndex() + " (source frames " + task.plan().startFrame()
              + ".." + task.plan().lastFrame() + "): " + ex.getMessage()));
      IngestProgress.segmentDone(task.source().videoId(), 0);
    } finally {
      segmentMillis.update((System.nanoTime() - start) / 1_000_000);
    }
  }

  /** A file name for the part holding {@code clipId}: fixed (retries overwrite it) and path-safe. */
  static String partName(String clipId) {
    byte[] h = RecordDigest.sha256(clipId.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(h, 0, 16) + ".parquet";
  }

  @Teardown
  public void teardown() {
    if (encoder != null) {
      encoder.close();
    }
  }
}
