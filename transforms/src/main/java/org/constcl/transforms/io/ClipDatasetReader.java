package org.constcl.transforms.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.constcl.transforms.record.ClipRecord;
import org.constcl.transforms.record.ClipRecordAvro;
import org.constcl.transforms.record.Reject;

/**
 * Reads a clip dataset written by the ingest stage: its clip shards in shard and row order, and
 * its rejects. Rows are streamed; a whole dataset is never held in memory unless asked for.
 */
public final class ClipDatasetReader {
  /** File name prefix of clip shards. */
  public static final String SHARD_PREFIX = "part";

  private ClipDatasetReader() {}

  /** The clip shard files of {@code folder}, in shard order. */
  public static List<Path> shards(Path folder) throws IOException {
    return ParquetRows.shards(folder, SHARD_PREFIX);
  }

  /** Calls {@code sink} with every clip record, shard by shard, in stored order. */
  public static void forEach(Path folder, Consumer<ClipRecord> sink) throws IOException {
    for (Path shard : shards(folder)) {
      ParquetRows.forEach(shard, g -> sink.accept(ClipRecordAvro.fromAvro(g)));
    }
  }

  /** Every clip record of {@code folder} (small datasets and tests). */
  public static List<ClipRecord> readAll(Path folder) throws IOException {
    List<ClipRecord> all = new ArrayList<>();
    forEach(folder, all::add);
    return all;
  }

  /** The rejects of {@code folder}. */
  public static List<Reject> rejects(Path folder) throws IOException {
    List<Reject> all = new ArrayList<>();
    for (Path shard : ParquetRows.shards(folder.resolve("rejects"), "rejects")) {
      ParquetRows.forEach(shard, g -> all.add(Reject.fromAvro(g)));
    }
    return all;
  }
}
