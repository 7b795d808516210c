package org.constcl.proposal.pipeline;

import java.util.List;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TupleTagList;
import org.constcl.proposal.record.BoxRecordAvro;
import org.constcl.proposal.source.ProposalConfig;
import org.constcl.transforms.io.ParquetRowGroups;
import org.constcl.transforms.io.ShardLayout;
import org.constcl.transforms.io.ShardResult;
import org.constcl.transforms.io.WriteParquetShards;
import org.constcl.transforms.io.WriteRejects;
import org.constcl.transforms.record.Reject;

/**
 * One region source over a clip dataset, as a composite: list the clip shards' row groups,
 * reshuffle the (tiny) descriptions so clips spread over all workers, propose boxes where each
 * clip is read, and write box shards with the clip dataset's layout: same file names, rows sorted
 * by clip id, hence the same row order. Rejects go to {@code rejects/}; {@code _SUMMARY.json}
 * comes last. Frames never travel through a shuffle; only box records do (a few KB per clip).
 */
public final class ProposeRegions extends PTransform<PBegin, PDone> {
  static final String REJECTS_DIR = WriteRejects.DIR;

  private final ClipDataset clips;
  private final ProposalConfig config;
  private final String directory;

  private ProposeRegions(ClipDataset clips, ProposalConfig config, String directory) {
    this.clips = clips;
    this.config = config;
    this.directory = directory;
  }

  /** Boxes of {@code config}'s source for {@code clips}, written to {@code directory}. */
  public static ProposeRegions of(ClipDataset clips, ProposalConfig config, String directory) {
    return new ProposeRegions(clips, config, directory);
  }

  @Override
  public PDone expand(PBegin begin) {
    PCollectionTuple proposed = begin
        .apply("ListClipShards", Create.of(clips.shardFiles()).withCoder(StringUtf8Coder.of()))
        .apply("ListRowGroups", ParDo.of(new ListRowGroupsFn()))
        .setCoder(SerializableCoder.of(ParquetRowGroups.Span.class))
        // Without it a shard's clips stay fused to the worker that listed them.
        .apply("SpreadClips", Reshuffle.viaRandomKey())
        .apply("ProposeBoxes", ParDo.of(new ProposeBoxesFn(config))
            .withOutputTags(ProposeBoxesFn.BOXES, TupleTagList.of(ProposeBoxesFn.REJECTS).and(ProposeBoxesFn.STATS)));
    proposed.get(ProposeBoxesFn.BOXES).setCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of()));
    proposed.get(ProposeBoxesFn.REJECTS).setCoder(SerializableCoder.of(Reject.class));
    proposed.get(ProposeBoxesFn.STATS).setCoder(SerializableCoder.of(ClipBoxStats.class));

    ShardLayout layout = clips.layout();
    PCollection<ShardResult> boxShards = proposed.get(ProposeBoxesFn.BOXES)
        .apply("WriteBoxShards", WriteParquetShards.to(directory, layout, BoxRecordAvro.SCHEMA));
    PCollection<Reject> rejects = proposed.get(ProposeBoxesFn.REJECTS);
    PCollection<ShardResult> rejectShards = rejects.apply("WriteRejects", WriteRejects.into(directory));

    PCollectionView<BoxTotals> totals = proposed.get(ProposeBoxesFn.STATS)
        .apply("SumBoxStats", Combine.globally(new BoxTotals.Fn()))
        .setCoder(SerializableCoder.of(BoxTotals.class))
        .apply("TotalsView", View.asSingleton());
    PCollectionView<List<ShardResult>> boxShardView = boxShards.apply("BoxShardsView", View.asList());
    PCollectionView<List<ShardResult>> rejectShardView = rejectShards.apply("RejectShardsView", View.asList());
    PCollectionView<List<Reject>> rejectView = rejects.apply("RejectsView", View.asList());
    begin.getPipeline()
        .apply("SummaryTrigger", Create.of(1))
        .apply("WriteSummary", ParDo.of(new WriteBoxSummaryFn(directory, config, clips, boxShardView,
                rejectShardView, rejectView, totals))
            .withSideInputs(boxShardView, rejectShardView, rejectView, totals));
    return PDone.in(begin.getPipeline());
  }

}
