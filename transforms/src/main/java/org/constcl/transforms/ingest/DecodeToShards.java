package org.constcl.transforms.ingest;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.constcl.transforms.io.ShardLayout;
import org.constcl.transforms.io.ShardResult;
import org.constcl.transforms.record.Reject;

/**
 * Segment tasks to clip shards. The tasks, which are small, are shuffled to the worker that owns
 * their output shard, and decoded there straight into the shard file: frames are never shuffled.
 * (Shuffling them measured ~100 MB/s per core here; docs/ingest.md.) Work therefore spreads over
 * workers shard by shard, so a dataset should have at least as many shards as workers.
 */
final class DecodeToShards extends PTransform<PCollection<SegmentTask>, PCollectionTuple> {
  private final String directory;
  private final ShardLayout layout;
  private final IngestConfig config;

  DecodeToShards(String directory, ShardLayout layout, IngestConfig config) {
    this.directory = directory;
    this.layout = layout;
    this.config = config;
  }

  @Override
  public PCollectionTuple expand(PCollection<SegmentTask> tasks) {
    KvCoder<Integer, SegmentTask> coder =
        KvCoder.of(VarIntCoder.of(), NullableCoder.of(SerializableCoder.of(SegmentTask.class)));
    PCollection<KV<Integer, SegmentTask>> keyed =
        tasks.apply("KeyByShard", MapElements.via(new KeyByShard(layout))).setCoder(coder);
    // A null marker per shard makes every shard file exist, also those no segment hashes to.
    List<KV<Integer, SegmentTask>> markers = new ArrayList<>();
    for (int s = 0; s < layout.numShards(); s++) {
      markers.add(KV.of(s, null));
    }
    PCollectionTuple out =
        PCollectionList.of(keyed)
            .and(tasks.getPipeline().apply("ShardMarkers", Create.of(markers).withCoder(coder)))
            .apply("WithEveryShard", Flatten.pCollections())
            .apply("GroupByShard", GroupByKey.create())
            .apply("DecodeIntoShard",
                ParDo.of(new DecodeShardFn(directory, layout, config))
                    .withOutputTags(DecodeShardFn.SHARDS,
                        TupleTagList.of(DecodeShardFn.REJECTS).and(DecodeShardFn.STATS)));
    out.get(DecodeShardFn.SHARDS).setCoder(SerializableCoder.of(ShardResult.class));
    out.get(DecodeShardFn.REJECTS).setCoder(SerializableCoder.of(Reject.class));
    out.get(DecodeShardFn.STATS).setCoder(SerializableCoder.of(ClipStats.class));
    return out;
  }

  private static final class KeyByShard extends SimpleFunction<SegmentTask, KV<Integer, SegmentTask>> {
    private final ShardLayout layout;

    KeyByShard(ShardLayout layout) {
      this.layout = layout;
    }

    @Override
    public KV<Integer, SegmentTask> apply(SegmentTask t) {
      return KV.of(layout.shardOf(t.clipId()), t);
    }
  }
}
