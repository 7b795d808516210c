package org.constcl.transforms.ingest;

import java.util.ArrayList;
import java.util.List;
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
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.constcl.transforms.io.ClipDatasetReader;
import org.constcl.transforms.io.AssembleParquetShards;
import org.constcl.transforms.io.ShardLayout;
import org.constcl.transforms.io.ShardResult;
import org.constcl.transforms.io.WriteRejects;
import org.constcl.transforms.input.VideoSource;
import org.constcl.transforms.record.ClipRecordAvro;
import org.constcl.transforms.record.Reject;

/**
 * The ingest stage as one composite: videos to a clip dataset. Each video is probed and split into
 * segment tasks, which a reshuffle spreads over all workers; each segment is decoded into a
 * one-row part file, and the parts are assembled, by raw copy in clip-id order, into the shard
 * files ({@code part-SSSSS-of-NNNNN.parquet}). Frames never travel through a shuffle. Videos and
 * segments that cannot be read become rejects ({@code rejects/}); {@code _SUMMARY.json} is written
 * last, once every shard is in place. See docs/ingest.md and docs/records.md.
 */
public final class IngestVideos extends PTransform<PCollection<VideoSource>, PDone> {
  /** File name prefix of clip shards; box datasets use the same layout to align with them. */
  public static final String CLIP_SHARD_PREFIX = ClipDatasetReader.SHARD_PREFIX;
  static final String REJECTS_DIR = WriteRejects.DIR;
  /** Where decoded segments wait, one small Parquet file each, until their shard is assembled. */
  static final String PARTS_DIR = "_segments";

  private final String directory;
  private final int numShards;
  private final long videosIn;
  private final IngestConfig config;

  private IngestVideos(String directory, int numShards, long videosIn, IngestConfig config) {
    this.directory = directory;
    this.numShards = numShards;
    this.videosIn = videosIn;
    this.config = config;
  }

  /** Writes to {@code directory} in {@code numShards} shards; {@code videosIn} is the input count. */
  public static IngestVideos to(String directory, int numShards, long videosIn, IngestConfig config) {
    return new IngestVideos(directory, numShards, videosIn, config);
  }

  @Override
  public PDone expand(PCollection<VideoSource> videos) {
    PCollectionTuple planned =
        videos.apply("ProbeAndPlan",
            ParDo.of(new PlanSegmentsFn(config))
                .withOutputTags(PlanSegmentsFn.SEGMENTS,
                    TupleTagList.of(PlanSegmentsFn.REJECTS).and(PlanSegmentsFn.VIDEOS)));
    planned.get(PlanSegmentsFn.SEGMENTS).setCoder(SerializableCoder.of(SegmentTask.class));
    planned.get(PlanSegmentsFn.REJECTS).setCoder(SerializableCoder.of(Reject.class));
    planned.get(PlanSegmentsFn.VIDEOS).setCoder(SerializableCoder.of(VideoIngested.class));

    String partsDirectory = directory + "/" + PARTS_DIR;
    PCollectionTuple decoded =
        planned.get(PlanSegmentsFn.SEGMENTS)
            // Without it the fan-out stays fused to the video that produced it: one worker per video.
            .apply("SpreadSegments", Reshuffle.viaRandomKey())
            .apply("DecodeSegments",
                ParDo.of(new EncodeSegmentFn(partsDirectory, config))
                    .withOutputTags(EncodeSegmentFn.PARTS,
                        TupleTagList.of(EncodeSegmentFn.REJECTS).and(EncodeSegmentFn.STATS)));
    decoded.get(EncodeSegmentFn.PARTS)
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(ShardResult.class)));
    decoded.get(EncodeSegmentFn.REJECTS).setCoder(SerializableCoder.of(Reject.class));
    decoded.get(EncodeSegmentFn.STATS).setCoder(SerializableCoder.of(ClipStats.class));
    PCollection<ShardResult> clipShards =
        decoded.get(EncodeSegmentFn.PARTS)
            .apply("AssembleClipShards",
                AssembleParquetShards.of(partsDirectory, directory,
                    new ShardLayout(CLIP_SHARD_PREFIX, numShards), ClipRecordAvro.SCHEMA));

    PCollection<Reject> rejects =
        PCollectionList.of(planned.get(PlanSegmentsFn.REJECTS))
            .and(decoded.get(EncodeSegmentFn.REJECTS))
            .apply("CollectRejects", Flatten.pCollections());
    PCollection<ShardResult> rejectShards =
        rejects.apply("WriteRejects", WriteRejects.into(directory));

    PCollectionView<ClipTotals> totals =
        decoded.get(EncodeSegmentFn.STATS)
            .apply("SumClipStats", Combine.globally(new ClipTotals.Fn()))
            .setCoder(SerializableCoder.of(ClipTotals.class))
            .apply("TotalsView", View.asSingleton());
    PCollection<VideoIngested> ingested = planned.get(PlanSegmentsFn.VIDEOS);
    PCollectionView<Long> videosIngested =
        ingested.apply("CountVideos", Count.globally()).apply(View.asSingleton());
    PCollectionView<List<List<String>>> duplicates =
        ingested
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

    videos.getPipeline()
        .apply("SummaryTrigger", Create.of(1))
        .apply("WriteSummary",
            ParDo.of(new WriteSummaryFn(directory, partsDirectory, videosIn, config.recordSettings(),
                    clipShardView, rejectShardView, rejectView, totals, videosIngested, duplicates))
                .withSideInputs(clipShardView, rejectShardView, rejectView, totals, videosIngested, duplicates));
    return PDone.in(videos.getPipeline());
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
