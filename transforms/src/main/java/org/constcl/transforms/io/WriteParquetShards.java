package org.constcl.transforms.io;

import java.io.IOException;
import java.util.Iterator;
import org.apache.avro.Schema;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes (id, Avro-encoded row) pairs as a fixed number of Parquet files laid out by a
 * {@link ShardLayout}: every shard file exists (possibly empty), rows are sorted by id, and a
 * file appears under its final name only when complete. Emits one {@link ShardResult} per shard,
 * with a digest of its rows. Suited to small rows (rejects, boxes); the ingest stage decodes clip
 * records where their shard is written instead of shuffling frames (docs/ingest.md).
 */
public final class WriteParquetShards
    extends PTransform<PCollection<KV<String, byte[]>>, PCollection<ShardResult>> {
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
    return rows
        .apply("GroupByShard", new GroupByShard<>(layout))
        .apply("WriteShard", ParDo.of(new WriteShardFn(directory, layout, schemaJson)))
        .setCoder(SerializableCoder.of(ShardResult.class));
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
          if (row != null) { // null: the marker that makes the shard exist
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
