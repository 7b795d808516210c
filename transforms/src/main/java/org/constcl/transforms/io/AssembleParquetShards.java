package org.constcl.transforms.io;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.schema.MessageType;
import org.constcl.transforms.record.RecordDigest;

/**
 * Assembles shard files from part files: each element names a part (a small Parquet file in
 * {@code partsDirectory}, written with {@link ShardFileWriter}) and the row id it holds. Parts go
 * to the shard their id belongs to under a {@link ShardLayout}, are appended in id order by raw
 * copy of their row groups (nothing is decoded or re-encoded), and are deleted. Every shard file
 * exists, possibly empty, and appears under its final name only when complete.
 *
 * <p>This lets heavy rows be produced where the work is spread best (after a reshuffle) without
 * shuffling their bytes between workers: only the part names travel.
 */
public final class AssembleParquetShards
    extends PTransform<PCollection<KV<String, ShardResult>>, PCollection<ShardResult>> {
  private final String partsDirectory;
  private final String directory;
  private final ShardLayout layout;
  private final String schemaJson;

  private AssembleParquetShards(String partsDirectory, String directory, ShardLayout layout, Schema schema) {
    this.partsDirectory = partsDirectory;
    this.directory = directory;
    this.layout = layout;
    this.schemaJson = schema.toString();
  }

  /** Parts from {@code partsDirectory} into shards of {@code schema} rows in {@code directory}. */
  public static AssembleParquetShards of(String partsDirectory, String directory, ShardLayout layout, Schema schema) {
    return new AssembleParquetShards(partsDirectory, directory, layout, schema);
  }

  @Override
  public PCollection<ShardResult> expand(PCollection<KV<String, ShardResult>> parts) {
    return parts
        .apply("GroupByShard", new GroupByShard<>(layout))
        .apply("AppendParts", ParDo.of(new AppendPartsFn(partsDirectory, directory, layout, schemaJson)))
        .setCoder(SerializableCoder.of(ShardResult.class));
  }

  private static final class AppendPartsFn
      extends DoFn<KV<Integer, Iterable<KV<String, ShardResult>>>, ShardResult> {
    private final String partsDirectory;
    private final String directory;
    private final ShardLayout layout;
    private final String schemaJson;
    private final Distribution assembleMillis = Metrics.distribution(AssembleParquetShards.class, "assemble_millis");
    private transient MessageType parquetSchema;

    AppendPartsFn(String partsDirectory, String directory, ShardLayout layout, String schemaJson) {
      this.partsDirectory = partsDirectory;
      this.directory = directory;
      this.layout = layout;
      this.schemaJson = schemaJson;
    }

    @Setup
    public void setup() {
      PlainParquetConfiguration conf = new PlainParquetConfiguration();
      conf.set(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, "false");
      parquetSchema = new AvroSchemaConverter(conf).convert(new Schema.Parser().parse(schemaJson));
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<KV<String, ShardResult>>> shard, OutputReceiver<ShardResult> out)
        throws IOException {
      long start = System.nanoTime();
      List<KV<String, ShardResult>> parts = new ArrayList<>();
      for (KV<String, ShardResult> p : shard.getValue()) {
        if (p != null) {
          parts.add(p);
        }
      }
      parts.sort(Comparator.comparing(KV::getKey));
      String name = layout.fileName(shard.getKey());
      ResourceId outDir = FileSystems.matchNewResource(directory, true);
      ResourceId target = outDir.resolve(name, ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
      ResourceId temp = outDir.resolve("." + name + ".inprogress", ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
      ResourceId partsDir = FileSystems.matchNewResource(partsDirectory, true);
      List<ResourceId> partFiles = new ArrayList<>();
      long records = 0;
      BigInteger digestSum = BigInteger.ZERO;
      ParquetFileWriter writer =
          new ParquetFileWriter(new BeamOutputFile(temp), parquetSchema, ParquetFileWriter.Mode.OVERWRITE,
              128L << 20, 0, null, ParquetProperties.builder().build());
      writer.start();
      for (KV<String, ShardResult> p : parts) {
        ResourceId file = partsDir.resolve(p.getValue().name(), ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
        writer.appendFile(new BeamInputFile(file));
        partFiles.add(file);
        records += p.getValue().records();
        digestSum = RecordDigest.merge(digestSum, p.getValue().digestSum());
      }
      // What AvroParquetWriter records, so Avro readers use the original schema. In a fixed order: the
      // footer lists them in map order, and Map.of's order is salted per JVM (the same records gave
      // other bytes in every process).
      writer.end(new java.util.TreeMap<>(Map.of("parquet.avro.schema", schemaJson, "writer.model.name", "avro")));
      FileSystems.rename(List.of(temp), List.of(target), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      FileSystems.delete(partFiles, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      long bytes = FileSystems.matchSingleFileSpec(target.toString()).sizeBytes();
      out.output(new ShardResult(name, records, bytes, digestSum));
      assembleMillis.update((System.nanoTime() - start) / 1_000_000);
    }
  }
}
