package org.constcl.transforms.ingest;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.constcl.transforms.io.ClipDatasetReader;
import org.constcl.transforms.io.ShardLayout;
import org.constcl.transforms.io.ShardResult;
import org.constcl.transforms.io.WriteParquetShards;
import org.constcl.transforms.record.AvroBytes;
import org.constcl.transforms.record.ClipRecord;
import org.constcl.transforms.record.ClipRecordAvro;
import org.constcl.transforms.record.Reject;

/**
 * Writes the output of {@link VideosToClips} as a clip dataset: clip shards
 * ({@code part-SSSSS-of-NNNNN.parquet}), a rejects dataset ({@code rejects/}) and, last, once
 * every shard is in place, {@code _SUMMARY.json}. See docs/records.md for the layout.
 */
public final class WriteClipDataset extends PTransform<PCollectionTuple, PDone> {
  /** Layout of the clip shards; box datasets reuse it to align with them. */
  public static final String CLIP_SHARD_PREFIX = ClipDatasetReader.SHARD_PREFIX;
  static final String REJECTS_DIR = "rejects";

  private final String directory;
  private final int numShards;
  private final long videosIn;
  private final IngestConfig config;

  private WriteClipDataset(String directory, int numShards, long videosIn, IngestConfig config) {
    this.directory = directory;
    this.numShards = numShards;
    this.videosIn = videosIn;
    this.config = config;
  }

  /** Writes to {@code directory} in {@code numShards} shards; {@code videosIn} is the input count. */
  public static WriteClipDataset to(String directory, int numShards, long videosIn, IngestConfig config) {
    return new WriteClipDataset(directory, numShards, videosIn, config);
  }

  @Override
  public PDone expand(PCollectionTuple in) {
    PCollection<ShardResult> clipShards =
        in.get(VideosToClips.CLIPS)
            .apply("EncodeClipRows", MapElements.via(new ClipToRow()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of()))
            .apply("WriteClipShards",
                WriteParquetShards.to(directory, new ShardLayout(CLIP_SHARD_PREFIX, numShards), ClipRecordAvro.SCHEMA));

    PCollection<Reject> rejects = in.get(VideosToClips.REJECTS);
    PCollection<ShardResult> rejectShards =
        rejects
            .apply("EncodeRejectRows", MapElements.via(new RejectToRow()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of()))
            .apply("WriteRejects",
                WriteParquetShards.to(directory + "/" + REJECTS_DIR, new ShardLayout(REJECTS_DIR, 1), Reject.SCHEMA));

    PCollectionView<ClipTotals> totals =
        in.get(VideosToClips.STATS)
            .apply("SumClipStats", Combine.globally(new ClipTotals.Fn()))
            .setCoder(SerializableCoder.of(ClipTotals.class))
            .apply("TotalsView", View.asSingleton());
    PCollectionView<Long> videosIngested =
        in.get(VideosToClips.VIDEOS).apply("CountVideos", Count.globally()).apply(View.asSingleton());
    PCollectionView<List<List<String>>> duplicates =
        in.get(VideosToClips.VIDEOS)
            .apply("KeyBySha", MapElements
                .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                .via(v -> KV.of(v.sha256(), v.videoId())))
            .apply("GroupBySha", GroupByKey.create())
            .apply("DuplicateGroups", ParDo.of(new DuplicateGroupFn()))
            .setCoder(ListCoder.of(StringUtf8Coder.of()))
            .apply("DuplicatesView", View.asList());
    PCollectionView<List<ShardResult>> clipShardView = clipShards.apply("ClipShardsView", View.asList());
    PCollectionView<List<ShardResult>> rejectShardView = rejectShards.apply("RejectShardsView", View.asList());
    PCollectionView<List<Reject>> rejectView = rejects.apply("RejectsView", View.asList());

    in.getPipeline()
        .apply("SummaryTrigger", Create.of(1))
        .apply("WriteSummary",
            ParDo.of(new WriteSummaryFn(directory, videosIn, config.recordSettings(),
                    clipShardView, rejectShardView, rejectView, totals, videosIngested, duplicates))
                .withSideInputs(clipShardView, rejectShardView, rejectView, totals, videosIngested, duplicates));
    return PDone.in(in.getPipeline());
  }

  private static final class ClipToRow extends org.apache.beam.sdk.transforms.SimpleFunction<ClipRecord, KV<String, byte[]>> {
    @Override
    public KV<String, byte[]> apply(ClipRecord r) {
      return KV.of(r.clipId(), AvroBytes.encode(ClipRecordAvro.SCHEMA, ClipRecordAvro.toAvro(r)));
    }
  }

  private static final class RejectToRow extends org.apache.beam.sdk.transforms.SimpleFunction<Reject, KV<String, byte[]>> {
    @Override
    public KV<String, byte[]> apply(Reject r) {
      return KV.of(r.uri() + "\u0000" + r.stage() + "\u0000" + r.detail(), AvroBytes.encode(Reject.SCHEMA, r.toAvro()));
    }
  }

  private static final class DuplicateGroupFn extends DoFn<KV<String, Iterable<String>>, List<String>> {
    @ProcessElement
    public void process(@Element KV<String, Iterable<String>> group, OutputReceiver<List<String>> out) {
      List<String> ids = new ArrayList<>();
      group.getValue().forEach(ids::add);
      if (ids.size() > 1) {
        ids.sort(null);
        out.output(ids);
      }
    }
  }

}
