package org.constcl.transforms.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/** Streams the rows of local Parquet shards as Avro records, without Beam or Hadoop file systems. */
public final class ParquetRows {
  private ParquetRows() {}

  /** The shard files of a dataset folder ({@code prefix-*.parquet}), in name (= shard) order. */
  public static List<Path> shards(Path folder, String prefix) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix + "-") && n.endsWith(".parquet");
          })
          .sorted()
          .toList();
    }
  }

  /** Calls {@code sink} with every row of {@code file}, in file order. */
  public static void forEach(Path file, Consumer<GenericRecord> sink) throws IOException {
    try (ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file), new PlainParquetConfiguration())
            .build()) {
      GenericRecord r;
      while ((r = reader.read()) != null) {
        sink.accept(r);
      }
    }
  }

  /**
   * Calls {@code sink} with every row of {@code file} read with an Avro projection: only the
   * projected columns are read from disk (e.g. clip ids without the frames).
   */
  public static void forEachProjected(Path file, Schema projection, Consumer<GenericRecord> sink) throws IOException {
    PlainParquetConfiguration conf = new PlainParquetConfiguration();
    conf.set(AvroReadSupport.AVRO_REQUESTED_PROJECTION, projection.toString());
    try (ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file), conf).build()) {
      GenericRecord r;
      while ((r = reader.read()) != null) {
        sink.accept(r);
      }
    }
  }

  /** All rows of {@code file} (for small files and tests). */
  public static List<GenericRecord> readAll(Path file) throws IOException {
    List<GenericRecord> rows = new ArrayList<>();
    forEach(file, rows::add);
    return rows;
  }

}
