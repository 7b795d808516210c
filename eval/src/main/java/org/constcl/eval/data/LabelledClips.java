package org.constcl.eval.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.constcl.tfmodel.data.ClipIndex;
import org.constcl.transforms.io.ClipRows;

/**
 * A labelled clip dataset indexed without reading frames (an Avro projection): every record's
 * place, video, label and split; videos grouped with their segments in order.
 */
public final class LabelledClips {
  private static final List<String> COLUMNS = List.of("clip_id", "video_id", "segment_index", "num_frames", "width",
      "height", "label", "label_index", "split");
  private final Path folder;
  private final List<ClipRef> clips;

  private LabelledClips(Path folder, List<ClipRef> clips) {
    this.folder = folder;
    this.clips = clips;
  }

  /**
   * Indexes the clip dataset at {@code folder} (a finished dataset; checked as the trainer checks
   * it).
   */
  public static LabelledClips open(Path folder) throws IOException {
    ClipIndex index = ClipIndex.open(folder, null);
    List<ClipRef> refs = new ArrayList<>();
    ClipRows.project(index.clips(), COLUMNS, (place, g) -> refs.add(new ClipRef(place, str(g, "clip_id"), str(g, "video_id"),
        (Integer) g.get("segment_index"), (Integer) g.get("num_frames"), (Integer) g.get("width"), (Integer) g.get("height"),
        str(g, "label"), g.get("label_index") == null ? -1 : (Integer) g.get("label_index"), str(g, "split"))));
    return new LabelledClips(index.clips(), List.copyOf(refs));
  }

  private static String str(GenericRecord g, String field) {
    Object v = g.get(field);
    return v == null ? null : v.toString();
  }

  public Path folder() {
    return folder;
  }

  /** Every record, in shard order. */
  public List<ClipRef> clips() {
    return clips;
  }

  /** Records of one split, in shard order. */
  public List<ClipRef> split(String split) {
    return clips.stream().filter(c -> split.equals(c.split())).toList();
  }

  /** Videos of one split, each with its segments in order, by video id. */
  public Map<String, List<ClipRef>> videos(String split) {
    Map<String, List<ClipRef>> byVideo = new TreeMap<>();
    for (ClipRef c : split(split)) {
      byVideo.computeIfAbsent(c.videoId(), k -> new ArrayList<>()).add(c);
    }
    Map<String, List<ClipRef>> sorted = new LinkedHashMap<>();
    byVideo.forEach((k, v) -> {
      v.sort(Comparator.comparingInt(ClipRef::segmentIndex));
      sorted.put(k, List.copyOf(v));
    });
    return sorted;
  }
}
