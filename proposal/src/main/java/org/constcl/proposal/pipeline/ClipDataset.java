package org.constcl.proposal.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.constcl.transforms.io.ShardLayout;
import org.constcl.transforms.summary.SummaryFiles;

/**
 * A finished clip dataset as its {@code _SUMMARY.json} describes it: where it is, its digest,
 * record count and shard layout, which a box dataset copies to stay aligned.
 *
 * @param folder absolute folder
 * @param digest the clip dataset's digest
 * @param records clip records
 * @param layout its shard layout
 * @param shardFiles absolute paths of its shard files, in shard order
 */
public record ClipDataset(String folder, String digest, long records, ShardLayout layout, List<String> shardFiles)
    implements Serializable {

  /**
   * Reads and checks the clip dataset at {@code folder}.
   *
   * @throws IOException naming the folder and the problem: not a finished dataset, not a clip
   *     dataset, or a listed shard missing
   */
  public static ClipDataset open(Path folder) throws IOException {
    Path dir = folder.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new IOException("clip dataset " + dir + " does not exist");
    }
    JsonNode s = SummaryFiles.read(dir);
    if (!"clips".equals(s.path("dataset").asText())) {
      throw new IOException(dir + " is not a clip dataset (its " + SummaryFiles.FILE_NAME + " says dataset="
          + s.path("dataset").asText("?") + ")");
    }
    JsonNode shards = s.path("shards");
    int count = shards.path("count").asInt(0);
    String prefix = shards.path("prefix").asText("");
    if (count < 1 || prefix.isEmpty()) {
      throw new IOException(dir + ": " + SummaryFiles.FILE_NAME + " lists no shards");
    }
    ShardLayout layout = new ShardLayout(prefix, count);
    List<String> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Path f = dir.resolve(layout.fileName(i));
      if (!Files.isRegularFile(f)) {
        throw new IOException("clip dataset " + dir + " is missing shard " + f.getFileName());
      }
      files.add(f.toString());
    }
    return new ClipDataset(dir.toString(), s.path("digest").asText(), s.path("records").asLong(), layout, List.copyOf(files));
  }
}
