package org.constcl.transforms.io;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Groups (id, value) rows by the shard {@link ShardLayout} assigns their id, with one group for
 * every shard, also those no row hashes to: each group holds a {@code null} marker, which
 * consumers skip. That is what lets a writer produce every shard file, empty or not.
 *
 * @param <V> row value type
 */
final class GroupByShard<V>
    extends PTransform<PCollection<KV<String, V>>, PCollection<KV<Integer, Iterable<KV<String, V>>>>> {
  private final ShardLayout layout;

  GroupByShard(ShardLayout layout) {
    this.layout = layout;
  }

  @Override
  public PCollection<KV<Integer, Iterable<KV<String, V>>>> expand(PCollection<KV<String, V>> rows) {
    Coder<KV<String, V>> rowCoder = rows.getCoder();
    KvCoder<Integer, KV<String, V>> coder = KvCoder.of(VarIntCoder.of(), NullableCoder.of(rowCoder));
    PCollection<KV<Integer, KV<String, V>>> keyed =
        rows.apply("KeyByShard", ParDo.of(new KeyByShardFn<V>(layout))).setCoder(coder);
    List<KV<Integer, KV<String, V>>> markers = new ArrayList<>();
    for (int s = 0; s < layout.numShards(); s++) {
      markers.add(KV.of(s, null));
    }
    return PCollectionList.of(keyed)
        .and(rows.getPipeline().apply("ShardMarkers", Create.of(markers).withCoder(coder)))
        .apply("WithEveryShard", Flatten.pCollections())
        .apply("GroupByShard", GroupByKey.create());
  }

  private static final class KeyByShardFn<V> extends DoFn<KV<String, V>, KV<Integer, KV<String, V>>> {
    private final ShardLayout layout;

    KeyByShardFn(ShardLayout layout) {
      this.layout = layout;
    }

    @ProcessElement
    public void process(@Element KV<String, V> row, OutputReceiver<KV<Integer, KV<String, V>>> out) {
      out.output(KV.of(layout.shardOf(row.getKey()), row));
    }
  }
}
