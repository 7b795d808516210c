package org.constcl.transforms.io;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;

/**
 * Row groups as units of work: a stage lists a shard's row groups from its footer, spreads the
 * (small) descriptions over workers, and each worker reads only its row group. Clip shards hold
 * one clip per row group, so heavy frame bytes are read where they are processed and never
 * shuffled. URIs are read through Beam's file systems, local paths directly.
 */
public final class ParquetRowGroups {
  private ParquetRowGroups() {}

  /**
   * One row group of a file.
   *
   * @param file path or URI of the Parquet file
   * @param index 0-based row group index
   * @param start byte offset of its first column chunk
   * @param end byte offset just past its last column chunk
   * @param rows rows it holds
   */
  public record Span(String file, int index, long start, long end, long rows) implements Serializable {}

  /** The row groups of {@code file}, in file order. */
  public static List<Span> list(String file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(input(file))) {
      List<Span> spans = new ArrayList<>();
      List<BlockMetaData> blocks = reader.getRowGroups();
      for (int i = 0; i < blocks.size(); i++) {
        BlockMetaData b = blocks.get(i);
        spans.add(new Span(file, i, b.getStartingPos(), b.getStartingPos() + b.getCompressedSize(), b.getRowCount()));
      }
      return spans;
    }
  }

  /**
   * Calls {@code sink} with every row of {@code span}, in order.
   *
   * @throws IOException if the file cannot be read, or the range holds another number of rows
   */
  public static void read(Span span, Consumer<GenericRecord> sink) throws IOException {
    long n = 0;
    // A file range selects the row groups whose midpoint lies in it: exactly this one.
    try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(input(span.file()))
        .withConf(new PlainParquetConfiguration())
        .withFileRange(span.start(), span.end())
        .build()) {
      GenericRecord r;
      while ((r = reader.read()) != null) {
        sink.accept(r);
        n++;
      }
    }
    if (n != span.rows()) {
      throw new IOException(span.file() + " row group " + span.index() + ": read " + n + " rows, the footer lists " + span.rows());
    }
  }

  private static InputFile input(String file) {
    // Local paths skip Beam's file systems: the trainer reads row groups with no Beam in its loop.
    if (!file.contains("://")) {
      return new LocalInputFile(java.nio.file.Path.of(file));
    }
    return new BeamInputFile(FileSystems.matchNewResource(file, false));
  }
}
