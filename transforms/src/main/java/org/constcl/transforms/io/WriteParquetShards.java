package org.constcl.transforms.io;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
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
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.constcl.transforms.record.AvroBytes;
import org.constcl.transforms.record.RecordDigest;

/**
 * Writes (id, Avro-encoded row) pairs as a fixed number of Parquet files laid out by a
 * {@link ShardLayout}: every shard file exists (possibly empty), rows are sorted by id, and a
 * file appears under its final name only when complete (written under a temporary name, then
 * renamed). Emits one {@link ShardResult} per shard, with a digest of its rows.
 *
 * <p>Parquet settings: no compression (rows are mostly JPEG, which does not compress), no
 * dictionary encoding (it slows writes of unique binary values), the standard 3-level list
 * layout so other readers (DuckDB, parquet-cli, Spark) see plain lists.
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
      String name = layout.fileName(shard.getKey());
      ResourceId dir = FileSystems.matchNewResource(directory, true);
      ResourceId target = dir.resolve(name, ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
      ResourceId temp = dir.resolve("." + name + ".inprogress", ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
      long records = 0;
      BigInteger digestSum = BigInteger.ZERO;
      try (SpillingSorter sorter = new SpillingSorter(SORT_MEMORY_BYTES)) {
        for (KV<String, byte[]> row : shard.getValue()) {
          if (row.getValue().length > 0) {
            sorter.add(row.getKey(), row.getValue());
          }
        }
        if (sorter.spilled()) {
          spilledShards.inc();
        }
        try (ParquetWriter<GenericRecord> writer = openWriter(temp)) {
          Iterator<byte[]> it = sorter.sorted();
          while (it.hasNext()) {
            byte[] row = it.next();
            writer.write(AvroBytes.decode(schema, row));
            digestSum = RecordDigest.add(digestSum, RecordDigest.sha256(row));
            records++;
          }
        }
      }
      FileSystems.rename(List.of(temp), List.of(target), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      long bytes = FileSystems.matchSingleFileSpec(target.toString()).sizeBytes();
      out.output(new ShardResult(name, records, bytes, digestSum));
    }

    private ParquetWriter<GenericRecord> openWriter(ResourceId file) throws IOException {
      PlainParquetConfiguration conf = new PlainParquetConfiguration();
      conf.set(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, "false");
      return AvroParquetWriter.<GenericRecord>builder(new BeamOutputFile(file))
          .withSchema(schema)
          .withConf(conf)
          .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
          .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
          .withDictionaryEncoding(false)
          .withRowGroupSize(128L << 20)
          .withPageSize(1 << 20)
          .build();
    }
  }
}
