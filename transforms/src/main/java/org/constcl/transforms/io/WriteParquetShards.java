package org.constcl.transforms.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
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
 * Writes (id, Avro-encoded row) pairs as a fixed number of Parquet files laid out by a
 * {@link ShardLayout}: every shard file exists (possibly empty), rows are sorted by id, and a
 * file appears under its final name only when complete. Emits one {@link ShardResult} per shard,
 * with a digest of its rows. Suited to small rows (rejects, boxes); the ingest stage decodes clip
 * records where their shard is written instead of shuffling frames (docs/ingest.md).
 */
public final class WriteParquetShards
    extends PTransform<PCollection<KV<String, byte[]>>, PCollection<ShardResult>> {
  private static final byte[] NO_ROW = new byte[0];

  private final String directory;
  private final ShardLayout layout;
  private final String schemaJson;

  private WriteParquetShards(String directory, ShardLayout layout, Schema schema) {
    this.directory = directory;
    this.layout = layout;
    this.schemaJson = schema.toString();
  }

  /** Writes rows of {@code schema} into {@code directory} with {@code layout}. */
  public static WriteParquetShards to(String directory, ShardLayout layout, Schema schema) {
    return new WriteParquetShards(directory, layout, schema);
  }

  @Override
  public PCollection<ShardResult> expand(PCollection<KV<String, byte[]>> rows) {
    KvCoder<Integer, KV<String, byte[]>> coder =
        KvCoder.of(VarIntCoder.of(), KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of()));
    PCollection<KV<Integer, KV<String, byte[]>>> keyed =
        rows.apply("AssignShard", ParDo.of(new AssignShardFn(layout))).setCoder(coder);
    // One empty marker per shard guarantees every shard file is written, even with no rows.
    List<KV<Integer, KV<String, byte[]>>> markers = new ArrayList<>();
    for (int s = 0; s < layout.numShards(); s++) {
      markers.add(KV.of(s, KV.of("", NO_ROW)));
    }
    PCollection<KV<Integer, KV<String, byte[]>>> allShards =
        rows.getPipeline().apply("ShardMarkers", Create.of(markers).withCoder(coder));
    return PCollectionList.of(keyed)
        .and(allShards)
        .apply("WithEveryShard", Flatten.pCollections())
        .apply("GroupByShard", GroupByKey.create())
        .apply("WriteShard", ParDo.of(new WriteShardFn(directory, layout, schemaJson)))
        .setCoder(SerializableCoder.of(ShardResult.class));
  }

  private static final class AssignShardFn
      extends DoFn<KV<String, byte[]>, KV<Integer, KV<String, byte[]>>> {
    private final ShardLayout layout;

    AssignShardFn(ShardLayout layout) {
      this.layout = layout;
    }

    @ProcessElement
    public void process(@Element KV<String, byte[]> row, OutputReceiver<KV<Integer, KV<String, byte[]>>> out) {
      out.output(KV.of(layout.shardOf(row.getKey()), row));
    }
  }

  private static final class WriteShardFn
      extends DoFn<KV<Integer, Iterable<KV<String, byte[]>>>, ShardResult> {
    private static final long SORT_MEMORY_BYTES = 256L << 20;
    private final String directory;
    private final ShardLayout layout;
    private final String schemaJson;
    private final Counter spilledShards = Metrics.counter(WriteParquetShards.class, "spilled_shards");
    private final Distribution writeMillis = Metrics.distribution(WriteParquetShards.class, "shard_write_millis");
    private transient Schema schema;

    WriteShardFn(String directory, ShardLayout layout, String schemaJson) {
      this.directory = directory;
      this.layout = layout;
      this.schemaJson = schemaJson;
    }

    @Setup
    public void setup() {
      schema = new Schema.Parser().parse(schemaJson);
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<KV<String, byte[]>>> shard, OutputReceiver<ShardResult> out)
        throws IOException {
      long start = System.nanoTime();
      try (SpillingSorter sorter = new SpillingSorter(SORT_MEMORY_BYTES);
          ShardFileWriter writer = new ShardFileWriter(directory, layout.fileName(shard.getKey()), schema)) {
        for (KV<String, byte[]> row : shard.getValue()) {
          if (row.getValue().length > 0) {
            sorter.add(row.getKey(), row.getValue());
          }
        }
        if (sorter.spilled()) {
          spilledShards.inc();
        }
        for (Iterator<byte[]> it = sorter.sorted(); it.hasNext(); ) {
          writer.writeEncoded(it.next());
        }
        out.output(writer.finish());
      }
      writeMillis.update((System.nanoTime() - start) / 1_000_000);
    }
  }
}
