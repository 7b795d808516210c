package org.constcl.proposal.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.constcl.proposal.record.BoxRecord;
import org.constcl.proposal.record.BoxRecordAvro;
import org.constcl.transforms.io.ClipDatasetReader;
import org.constcl.transforms.io.ParquetRows;
import org.constcl.transforms.record.ClipRecord;
import org.constcl.transforms.record.ClipRecordAvro;
import org.constcl.transforms.summary.SummaryFiles;

/**
 * The check readers run before streaming clip and box records in lockstep: the box dataset was
 * computed from this clip dataset (digests match), has the same shard files, and each shard
 * holds the same clip ids in the same order. {@link #forEachPair} streams the pairs and checks
 * every row as it goes.
 */
public final class ShardAlignment {
  private static final Schema CLIP_ID_ONLY = SchemaBuilder.record(ClipRecordAvro.SCHEMA.getName())
      .namespace(ClipRecordAvro.SCHEMA.getNamespace())
      .fields().requiredString("clip_id").endRecord();
  private static final Schema BOX_CLIP_ID_ONLY = SchemaBuilder.record(BoxRecordAvro.SCHEMA.getName())
      .namespace(BoxRecordAvro.SCHEMA.getNamespace())
      .fields().requiredString("clip_id").endRecord();

  /** What a successful check covered. */
  public record Report(int shards, long rows) {}

  private ShardAlignment() {}

  /**
   * Verifies that {@code boxesDir} aligns with {@code clipsDir}, reading only the clip id
   * columns.
   *
   * @throws MisalignedDatasetException naming the first difference
   * @throws IOException if either dataset cannot be read
   */
  public static Report verify(Path clipsDir, Path boxesDir) throws IOException {
    checkProvenance(clipsDir, boxesDir);
    List<Path> clipShards = ClipDatasetReader.shards(clipsDir);
    List<Path> boxShards = BoxDatasetReader.shards(boxesDir);
    checkNames(clipShards, boxShards, boxesDir);
    long rows = 0;
    for (int s = 0; s < clipShards.size(); s++) {
      List<String> clipIds = ids(clipShards.get(s), CLIP_ID_ONLY);
      List<String> boxIds = ids(boxShards.get(s), BOX_CLIP_ID_ONLY);
      String name = clipShards.get(s).getFileName().toString();
      for (int r = 0; r < Math.max(clipIds.size(), boxIds.size()); r++) {
        String c = r < clipIds.size() ? clipIds.get(r) : "(end of shard)";
        String b = r < boxIds.size() ? boxIds.get(r) : "(end of shard)";
        if (!c.equals(b)) {
          throw new MisalignedDatasetException(boxesDir + " does not align with " + clipsDir + ": shard " + name
              + " row " + r + " holds clip " + c + " but box record " + b);
        }
      }
      rows += clipIds.size();
    }
    return new Report(clipShards.size(), rows);
  }

  /**
   * Streams (clip, boxes) pairs shard by shard, checking every row's clip id.
   *
   * @throws MisalignedDatasetException at the first row whose ids differ
   */
  public static void forEachPair(Path clipsDir, Path boxesDir, BiConsumer<ClipRecord, BoxRecord> sink)
      throws IOException {
    checkProvenance(clipsDir, boxesDir);
    List<Path> clipShards = ClipDatasetReader.shards(clipsDir);
    List<Path> boxShards = BoxDatasetReader.shards(boxesDir);
    checkNames(clipShards, boxShards, boxesDir);
    for (int s = 0; s < clipShards.size(); s++) {
      List<BoxRecord> boxes = new ArrayList<>();
      BoxDatasetReader.forEachInShard(boxShards.get(s), boxes::add);
      String name = clipShards.get(s).getFileName().toString();
      int[] row = {0};
      MisalignedDatasetException[] error = {null};
      ParquetRows.forEach(clipShards.get(s), g -> {
        if (error[0] != null) {
          return;
        }
        ClipRecord clip = ClipRecordAvro.fromAvro(g);
        int r = row[0]++;
        if (r >= boxes.size() || !boxes.get(r).clipId().equals(clip.clipId())) {
          error[0] = new MisalignedDatasetException("shard " + name + " row " + r + " holds clip " + clip.clipId()
              + " but box record " + (r < boxes.size() ? boxes.get(r).clipId() : "(end of shard)"));
          return;
        }
        sink.accept(clip, boxes.get(r));
      });
      if (error[0] != null) {
        throw error[0];
      }
      if (row[0] != boxes.size()) {
        throw new MisalignedDatasetException("shard " + name + " holds " + row[0] + " clips but " + boxes.size() + " box records");
      }
    }
  }

  private static void checkProvenance(Path clipsDir, Path boxesDir) throws IOException {
    JsonNode clips = SummaryFiles.read(clipsDir);
    JsonNode boxes = SummaryFiles.read(boxesDir);
    if (!"boxes".equals(boxes.path("dataset").asText())) {
      throw new MisalignedDatasetException(boxesDir + " is not a box dataset");
    }
    String expected = clips.path("digest").asText();
    String actual = boxes.path("clips").path("digest").asText();
    if (!expected.equals(actual)) {
      throw new MisalignedDatasetException(boxesDir + " was computed from another clip dataset (clip digest "
          + actual + "), not from " + clipsDir + " (" + expected + ")");
    }
  }

  private static void checkNames(List<Path> clipShards, List<Path> boxShards, Path boxesDir)
      throws MisalignedDatasetException {
    List<String> a = clipShards.stream().map(p -> p.getFileName().toString()).toList();
    List<String> b = boxShards.stream().map(p -> p.getFileName().toString()).toList();
    if (!a.equals(b)) {
      throw new MisalignedDatasetException(boxesDir + " has shards " + b + " but the clip dataset has " + a);
    }
  }

  private static List<String> ids(Path shard, Schema projection) throws IOException {
    List<String> ids = new ArrayList<>();
    ParquetRows.forEachProjected(shard, projection, g -> ids.add(g.get("clip_id").toString()));
    return ids;
  }
}
