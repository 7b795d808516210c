package org.constcl.proposal.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.constcl.proposal.record.BoxRecord;
import org.constcl.proposal.record.BoxRecordAvro;
import org.constcl.transforms.io.ParquetRows;
import org.constcl.transforms.io.ShardLayout;
import org.constcl.transforms.record.ClipRecord;
import org.constcl.transforms.record.ClipRecordAvro;
import org.constcl.transforms.summary.SummaryFiles;

/**
 * Finds one clip's records by id, reading only the shard the id hashes to (the layout comes from
 * the dataset's summary). Used by tools that look at single clips, such as contact sheets.
 */
public final class RecordLookup {
  private RecordLookup() {}

  /** The clip record {@code clipId} of clip dataset {@code clipsDir}. */
  public static ClipRecord clip(Path clipsDir, String clipId) throws IOException {
    GenericRecord g = find(clipsDir, clipId, "clips");
    return ClipRecordAvro.fromAvro(g);
  }

  /** The box record of {@code clipId} in box dataset {@code boxesDir}. */
  public static BoxRecord boxes(Path boxesDir, String clipId) throws IOException {
    return BoxRecordAvro.fromAvro(find(boxesDir, clipId, "boxes"));
  }

  private static GenericRecord find(Path dir, String clipId, String kind) throws IOException {
    JsonNode s = SummaryFiles.read(dir);
    if (!kind.equals(s.path("dataset").asText())) {
      throw new IOException(dir + " is not a " + (kind.equals("clips") ? "clip" : "box") + " dataset");
    }
    ShardLayout layout = new ShardLayout(s.path("shards").path("prefix").asText(), s.path("shards").path("count").asInt());
    Path shard = dir.resolve(layout.fileName(layout.shardOf(clipId)));
    List<GenericRecord> hit = new ArrayList<>(1);
    ParquetRows.forEach(shard, g -> {
      if (hit.isEmpty() && clipId.equals(g.get("clip_id").toString())) {
        hit.add(g);
      }
    });
    if (hit.isEmpty()) {
      throw new IOException("no clip " + clipId + " in " + dir + " (shard " + shard.getFileName() + ")");
    }
    return hit.get(0);
  }
}
