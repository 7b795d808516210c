package org.constcl.transforms.io;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.constcl.transforms.record.AvroBytes;
import org.constcl.transforms.record.RecordDigest;

/**
 * Writes one shard file: rows go to a temporary file that is renamed to its final name by
 * {@link #finish()}, so a shard exists under its name only when complete. Keeps the row count
 * and the digest sum of the rows' canonical Avro encodings.
 *
 * <p>Parquet settings: no compression (rows are mostly JPEG, which does not compress), no
 * dictionary encoding (it slows writes of unique binary values), the standard 3-level list layout
 * so other readers (DuckDB, parquet-cli, Spark) see plain lists. Not thread-safe.
 */
public final class ShardFileWriter implements AutoCloseable {
  private final Schema schema;
  private final String name;
  private final ResourceId target;
  private final ResourceId temp;
  private final ParquetWriter<GenericRecord> writer;
  private long records;
  private BigInteger digestSum = BigInteger.ZERO;
  private boolean finished;

  /** Opens {@code directory/name} (any Beam file system) for rows of {@code schema}. */
  public ShardFileWriter(String directory, String name, Schema schema) throws IOException {
    this.schema = schema;
    this.name = name;
    ResourceId dir = FileSystems.matchNewResource(directory, true);
    this.target = dir.resolve(name, ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
    this.temp = dir.resolve("." + name + ".inprogress", ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
    PlainParquetConfiguration conf = new PlainParquetConfiguration();
    conf.set(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, "false");
    AvroParquetWriter.Builder<GenericRecord> builder =
        AvroParquetWriter.<GenericRecord>builder(new BeamOutputFile(temp))
            .withSchema(schema)
            .withConf(conf)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
            .withDictionaryEncoding(false)
            .withRowGroupSize(128L << 20)
            .withPageSize(1 << 20);
    for (String column : blobColumns(schema)) {
      // Min/max of JPEG bytes tell a reader nothing and cost a comparison per value.
      builder = builder.withStatisticsEnabled(column, false);
    }
    this.writer = builder.build();
  }

  /** Parquet paths of the schema's {@code bytes} and {@code array<bytes>} fields. */
  static List<String> blobColumns(Schema schema) {
    List<String> columns = new ArrayList<>();
    for (Schema.Field f : schema.getFields()) {
      Schema t = f.schema();
      if (t.getType() == Schema.Type.BYTES) {
        columns.add(f.name());
      } else if (t.getType() == Schema.Type.ARRAY && t.getElementType().getType() == Schema.Type.BYTES) {
        columns.add(f.name() + ".list.element");
      }
    }
    return columns;
  }

  /** Appends a row. */
  public void write(GenericRecord row) throws IOException {
    add(AvroBytes.sha256(schema, row));
    writer.write(row);
  }

  /** Appends a row given in its Avro binary encoding. */
  public void writeEncoded(byte[] row) throws IOException {
    add(RecordDigest.sha256(row));
    writer.write(AvroBytes.decode(schema, row));
  }

  private void add(byte[] rowDigest) {
    digestSum = RecordDigest.add(digestSum, rowDigest);
    records++;
  }

  /** Completes the file, moves it to its final name and describes it. */
  public ShardResult finish() throws IOException {
    writer.close();
    finished = true;
    FileSystems.rename(List.of(temp), List.of(target), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    long bytes = FileSystems.matchSingleFileSpec(target.toString()).sizeBytes();
    return new ShardResult(name, records, bytes, digestSum);
  }

  /** Abandons an unfinished file (its temporary file is left for the next attempt to overwrite). */
  @Override
  public void close() throws IOException {
    if (!finished) {
      writer.close();
    }
  }
}
