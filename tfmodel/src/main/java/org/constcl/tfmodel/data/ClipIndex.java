package org.constcl.tfmodel.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.constcl.proposal.io.ShardAlignment;
import org.constcl.transforms.io.ClipDatasetReader;
import org.constcl.transforms.io.ClipRows;
import org.constcl.transforms.summary.SummaryFiles;

/**
 * Where every clip record of a clip dataset lives (shard, row group, row), read from the shard
 * footers only, and the aligned box dataset when the region source is precomputed. A clip is
 * addressed by its index in this list; box record {@code k} of a box shard belongs to clip row
 * {@code k} of the clip shard.
 */
public final class ClipIndex {

  private final Path clips;
  private final Path boxes;
  private final List<Path> clipShards;
  private final List<Path> boxShards;
  private final List<ClipRows.Place> refs;
  private final int[] shardStart;

  private ClipIndex(Path clips, Path boxes, List<Path> clipShards, List<Path> boxShards, List<ClipRows.Place> refs,
      int[] shardStart) {
    this.clips = clips;
    this.boxes = boxes;
    this.clipShards = clipShards;
    this.boxShards = boxShards;
    this.refs = refs;
    this.shardStart = shardStart;
  }

  /**
   * Indexes {@code clips}, and {@code boxes} if not null, checking that the box dataset aligns.
   *
   * @throws IOException naming the dataset and the problem: missing, unfinished, empty, or a box
   *     dataset that does not align ({@link org.constcl.proposal.io.MisalignedDatasetException})
   */
  public static ClipIndex open(Path clips, Path boxes) throws IOException {
    Path dir = clips.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new IOException("clip dataset " + dir + " does not exist");
    }
    JsonNode summary = SummaryFiles.read(dir);
    if (!"clips".equals(summary.path("dataset").asText())) {
      throw new IOException(dir + " is not a clip dataset");
    }
    if (summary.path("records").asLong() == 0) {
      throw new IOException("clip dataset " + dir + " holds no records (" + summary.path("rejects").path("count").asLong()
          + " inputs were rejected; see its rejects/)");
    }
    List<Path> shards = ClipDatasetReader.shards(dir);
    List<ClipRows.Place> refs = ClipRows.places(dir);
    int[] start = new int[shards.size() + 1];
    for (int s = shards.size() - 1, r = refs.size(); s >= 0; s--) {
      while (r > 0 && refs.get(r - 1).shard() >= s) {
        r--;
      }
      start[s] = r;
    }
    start[shards.size()] = refs.size();
    if (refs.size() != summary.path("records").asLong()) {
      throw new IOException("clip dataset " + dir + ": its shards hold " + refs.size() + " rows but its summary lists "
          + summary.path("records").asLong());
    }
    Path boxDir = null;
    List<Path> boxShards = List.of();
    if (boxes != null) {
      boxDir = boxes.toAbsolutePath().normalize();
      ShardAlignment.verify(dir, boxDir);
      boxShards = org.constcl.proposal.io.BoxDatasetReader.shards(boxDir);
    }
    return new ClipIndex(dir, boxDir, shards, boxShards, List.copyOf(refs), start);
  }

  public Path clips() {
    return clips;
  }

  /** The box dataset, or null for random boxes. */
  public Path boxes() {
    return boxes;
  }

  public int size() {
    return refs.size();
  }

  public ClipRows.Place ref(int clip) {
    return refs.get(clip);
  }

  public int shards() {
    return clipShards.size();
  }

  /** Clip indices {@code [first, end)} of shard {@code s}. */
  public int shardFirst(int s) {
    return shardStart[s];
  }

  public int shardEnd(int s) {
    return shardStart[s + 1];
  }

  public Path boxShard(int s) {
    return boxShards.get(s);
  }

  /** Every clip's video id, in clip order (read from the shards' video_id column only). */
  public List<String> videoIds() throws IOException {
    java.util.Map<ClipRows.Place, String> byPlace = new java.util.HashMap<>();
    ClipRows.project(clips, List.of("video_id"), (place, g) -> byPlace.put(place, String.valueOf(g.get("video_id"))));
    List<String> ids = new java.util.ArrayList<>(refs.size());
    for (ClipRows.Place p : refs) {
      String id = byPlace.get(p);
      if (id == null) {
        throw new IOException("clip dataset " + clips + ": no video_id read for " + p.file() + " row " + p.rowInShard());
      }
      ids.add(id);
    }
    return ids;
  }

  /** The clips {@code keep} accepts (by clip index), in the same shards and order. */
  public ClipIndex restrict(java.util.function.IntPredicate keep) {
    List<ClipRows.Place> kept = new java.util.ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      if (keep.test(i)) {
        kept.add(refs.get(i));
      }
    }
    int[] start = new int[clipShards.size() + 1];
    for (int s = clipShards.size() - 1, r = kept.size(); s >= 0; s--) {
      while (r > 0 && kept.get(r - 1).shard() >= s) {
        r--;
      }
      start[s] = r;
    }
    start[clipShards.size()] = kept.size();
    return new ClipIndex(clips, boxes, clipShards, boxShards, List.copyOf(kept), start);
  }
}
