package org.constcl.transforms.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.constcl.transforms.io.ShardFileWriter;
import org.constcl.transforms.io.ShardLayout;
import org.constcl.transforms.io.ShardResult;
import org.constcl.transforms.record.ClipRecordAvro;
import org.constcl.transforms.record.Reject;
import org.constcl.transforms.video.FfmpegSetup;
import org.constcl.transforms.video.VideoRejectedException;

/**
 * Decodes the segments of one clip shard, in clip-id order, straight into the shard's Parquet
 * file. A segment that cannot be decoded becomes a reject; the shard's other segments are
 * unaffected. Main output: {@link #SHARDS}; side outputs: {@link #REJECTS}, {@link #STATS}.
 */
final class DecodeShardFn extends DoFn<KV<Integer, Iterable<SegmentTask>>, ShardResult> {
  static final TupleTag<ShardResult> SHARDS = new TupleTag<>() {};
  static final TupleTag<Reject> REJECTS = new TupleTag<>() {};
  static final TupleTag<ClipStats> STATS = new TupleTag<>() {};
  static final String STAGE = "ingest/decode";

  private final String directory;
  private final ShardLayout layout;
  private final IngestConfig config;
  private final Counter frames = Metrics.counter(DecodeShardFn.class, "frames_encoded");
  private final Counter seekFallbacks = Metrics.counter(DecodeShardFn.class, "seek_fallbacks");
  private final Distribution segmentMillis = Metrics.distribution(DecodeShardFn.class, "segment_millis");
  private transient SegmentEncoder encoder;

  DecodeShardFn(String directory, ShardLayout layout, IngestConfig config) {
    this.directory = directory;
    this.layout = layout;
    this.config = config;
  }

  @Setup
  public void setup() {
    FfmpegSetup.configureLogging(config.verbose());
    encoder = new SegmentEncoder(config);
  }

  @ProcessElement
  public void process(@Element KV<Integer, Iterable<SegmentTask>> shard, MultiOutputReceiver out)
      throws IOException {
    List<SegmentTask> tasks = new ArrayList<>();
    for (SegmentTask t : shard.getValue()) {
      if (t != null) { // null marks a shard that must exist even without segments
        tasks.add(t);
      }
    }
    tasks.sort(Comparator.comparing(SegmentTask::clipId));
    try (ShardFileWriter writer =
        new ShardFileWriter(directory, layout.fileName(shard.getKey()), ClipRecordAvro.SCHEMA)) {
      for (SegmentTask task : tasks) {
        long start = System.nanoTime();
        try {
          SegmentEncoder.Encoded e = encoder.encode(task);
          writer.write(ClipRecordAvro.toAvro(e.record()));
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
        }
        segmentMillis.update((System.nanoTime() - start) / 1_000_000);
      }
      out.get(SHARDS).output(writer.finish());
    }
  }

  @Teardown
  public void teardown() {
    if (encoder != null) {
      encoder.close();
    }
  }
}
