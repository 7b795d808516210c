package org.constcl.proposal.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.constcl.proposal.record.BoxRecord;
import org.constcl.proposal.record.BoxRecordAvro;
import org.constcl.transforms.io.ClipDatasetReader;
import org.constcl.transforms.io.ParquetRows;
import org.constcl.transforms.record.Reject;

/** Reads a box dataset written by the proposals stage, shard by shard in stored order. */
public final class BoxDatasetReader {
  private BoxDatasetReader() {}

  /** The box shard files of {@code folder}, in shard order (same names as the clip shards). */
  public static List<Path> shards(Path folder) throws IOException {
    return ParquetRows.shards(folder, ClipDatasetReader.SHARD_PREFIX);
  }

  /** Calls {@code sink} with every box record of one shard file, in stored order. */
  public static void forEachInShard(Path shard, Consumer<BoxRecord> sink) throws IOException {
    ParquetRows.forEach(shard, g -> sink.accept(BoxRecordAvro.fromAvro(g)));
  }

  /** Calls {@code sink} with every box record of {@code folder}. */
  public static void forEach(Path folder, Consumer<BoxRecord> sink) throws IOException {
    for (Path shard : shards(folder)) {
      forEachInShard(shard, sink);
    }
  }

  /** Every box record of {@code folder} (small datasets and tests). */
  public static List<BoxRecord> readAll(Path folder) throws IOException {
    List<BoxRecord> all = new ArrayList<>();
    forEach(folder, all::add);
    return all;
  }

  /** The rejects of {@code folder}. */
  public static List<Reject> rejects(Path folder) throws IOException {
    return ClipDatasetReader.rejects(folder);
  }
}
