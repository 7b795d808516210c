package org.constcl.transforms.io;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.constcl.transforms.record.ClipRecord;
import org.constcl.transforms.record.ClipRecordAvro;

/**
 * The rows of a clip dataset by place, for every reader outside a pipeline: an index from the shard
 * footers ({@link #places}), chosen columns of every row without the frames ({@link #project}),
 * and whole records by place ({@link Reader}). Clip shards hold one clip per row group, so reading
 * one clip reads one row group.
 */
public final class ClipRows {
  private ClipRows() {}

  /**
   * Where one clip row is.
   *
   * @param file the shard file
   * @param shard the shard's index in the dataset
   * @param rowGroup row group within the file
   * @param rowInGroup row within the group
   * @param rowInShard row within the file (what an aligned box shard's row number is)
   */
  public record Place(String file, int shard, int rowGroup, int rowInGroup, int rowInShard) implements Serializable {}

  /** Every row's place, in shard and row order, from the shard footers only. */
  public static List<Place> places(Path dataset) throws IOException {
    List<Place> out = new ArrayList<>();
    List<Path> shards = ClipDatasetReader.shards(dataset);
    for (int s = 0; s < shards.size(); s++) {
      int row = 0;
      for (ParquetRowGroups.Span span : ParquetRowGroups.list(shards.get(s).toString())) {
        for (int r = 0; r < span.rows(); r++) {
          out.add(new Place(span.file(), s, span.index(), r, row++));
        }
      }
    }
    return out;
  }

  /**
   * Calls {@code sink} with every row's place and its {@code columns} (an Avro projection of the
   * clip record: only those columns are read from disk), in shard and row order.
   */
  public static void project(Path dataset, List<String> columns, BiConsumer<Place, GenericRecord> sink) throws IOException {
    Schema projection = projection(columns);
    List<Path> shards = ClipDatasetReader.shards(dataset);
    for (int s = 0; s < shards.size(); s++) {
      List<ParquetRowGroups.Span> spans = ParquetRowGroups.list(shards.get(s).toString());
      int shard = s;
      int[] group = {0};
      int[] inGroup = {0};
      int[] row = {0};
      ParquetRows.forEachProjected(shards.get(s), projection, g -> {
        while (inGroup[0] >= spans.get(group[0]).rows()) {
          group[0]++;
          inGroup[0] = 0;
        }
        sink.accept(new Place(spans.get(group[0]).file(), shard, group[0], inGroup[0], row[0]), g);
        inGroup[0]++;
        row[0]++;
      });
    }
  }

  private static Schema projection(List<String> columns) {
    List<Schema.Field> fields = new ArrayList<>();
    for (String name : columns) {
      Schema.Field f = ClipRecordAvro.SCHEMA.getField(name);
      if (f == null) {
        throw new IllegalArgumentException("the clip record has no column " + name);
      }
      fields.add(new Schema.Field(f, f.schema()));
    }
    return Schema.createRecord(ClipRecordAvro.SCHEMA.getName(), null, ClipRecordAvro.SCHEMA.getNamespace(), false, fields);
  }

  /**
   * Whole clip records by place: shard footers are read once per file, the four most recently used
   * files are kept open. Not thread-safe: one per thread; close it.
   */
  public static final class Reader implements AutoCloseable {
    private static final int OPEN_FILES = 4;
    private final Map<String, RowGroupFile> open = new LinkedHashMap<>(8, 0.75f, true);

    /** The record at {@code place}. */
    public ClipRecord read(Place place) throws IOException {
      RowGroupFile f = open.get(place.file());
      if (f == null) {
        f = new RowGroupFile(Path.of(place.file()));
        open.put(place.file(), f);
        if (open.size() > OPEN_FILES) {
          String eldest = open.keySet().iterator().next();
          open.remove(eldest).close();
        }
      }
      List<GenericRecord> rows = new ArrayList<>(1);
      f.read(place.rowGroup(), g -> {
        if (rows.size() <= place.rowInGroup()) {
          rows.add(g);
        }
      });
      if (rows.size() <= place.rowInGroup()) {
        throw new IOException(place.file() + " row group " + place.rowGroup() + " has no row " + place.rowInGroup());
      }
      return ClipRecordAvro.fromAvro(rows.get(place.rowInGroup()));
    }

    @Override
    public void close() throws IOException {
      IOException first = null;
      for (RowGroupFile f : open.values()) {
        try {
          f.close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
      open.clear();
      if (first != null) {
        throw first;
      }
    }
  }
}
