package org.constcl.transforms.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;

/**
 * A local Parquet file kept open for random access by row group: the footer is read once, then
 * each {@link #read} decodes only the requested row group into Avro records. For readers that
 * visit many row groups of the same file (the trainer reads one clip per row group). Not
 * thread-safe: one per thread.
 */
final class RowGroupFile implements AutoCloseable {
  private final Path file;
  private final ParquetFileReader reader;
  private final MessageColumnIO columns;
  private final RecordMaterializer<GenericRecord> materializer;
  private final int rowGroups;

  RowGroupFile(Path file) throws IOException {
    this.file = file;
    this.reader = ParquetFileReader.open(new LocalInputFile(file));
    try {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      Map<String, String> meta = reader.getFooter().getFileMetaData().getKeyValueMetaData();
      PlainParquetConfiguration conf = new PlainParquetConfiguration();
      AvroReadSupport<GenericRecord> support = new AvroReadSupport<>(GenericData.get());
      ReadSupport.ReadContext context = support.init(new InitContext(conf, toSets(meta), schema));
      this.materializer = support.prepareForRead(conf, meta, schema, context);
      this.columns = new ColumnIOFactory().getColumnIO(context.getRequestedSchema(), schema);
      this.rowGroups = reader.getRowGroups().size();
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  int rowGroups() {
    return rowGroups;
  }

  /** Calls {@code sink} with the rows of row group {@code index}, in order. */
  void read(int index, Consumer<GenericRecord> sink) throws IOException {
    if (index < 0 || index >= rowGroups) {
      throw new IOException(file + " has " + rowGroups + " row groups, not " + (index + 1));
    }
    PageReadStore pages = reader.readRowGroup(index);
    RecordReader<GenericRecord> records = columns.getRecordReader(pages, materializer);
    for (long i = 0; i < pages.getRowCount(); i++) {
      sink.accept(records.read());
    }
  }

  private static Map<String, java.util.Set<String>> toSets(Map<String, String> meta) {
    Map<String, java.util.Set<String>> m = new java.util.HashMap<>();
    meta.forEach((k, v) -> m.put(k, java.util.Set.of(v)));
    return m;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
