package org.constcl.eval.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.constcl.transforms.input.VideoSource;

/**
 * One split of a labelled dataset, read from its official files: the class list (index = position)
 * and the videos of the train and test sides. {@link #check} finds the videos whose files do not
 * exist under the video root; {@link #toSources} turns the rest into ingest inputs carrying label,
 * label index and split.
 *
 * @param name dataset and split, e.g. {@code ucf101/split1}
 * @param root the folder the video paths are relative to
 * @param classes class names; a label's index is its position
 * @param videos every video the split files name, train and test
 */
public record DatasetSplit(String name, Path root, List<String> classes, List<LabelledVideo> videos) {
  public static final String TRAIN = "train";
  public static final String TEST = "test";

  /** What {@link #check} found. */
  public record Check(List<LabelledVideo> present, List<LabelledVideo> missing) {
    /** A one-line report of the missing videos (the first few named). */
    public String describeMissing() {
      StringBuilder sb = new StringBuilder();
      sb.append(missing.size()).append(" of ").append(missing.size() + present.size())
          .append(" videos named by the split files do not exist: ");
      for (int i = 0; i < Math.min(3, missing.size()); i++) {
        LabelledVideo v = missing.get(i);
        sb.append(i == 0 ? "" : ", ").append(v.path()).append(" (").append(v.origin()).append(')');
      }
      if (missing.size() > 3) {
        sb.append(", …");
      }
      return sb.toString();
    }
  }

  /** Splits the videos into those whose file exists under {@link #root} and those missing. */
  public Check check() {
    List<LabelledVideo> present = new ArrayList<>();
    List<LabelledVideo> missing = new ArrayList<>();
    for (LabelledVideo v : videos) {
      (Files.isRegularFile(root.resolve(v.path())) ? present : missing).add(v);
    }
    return new Check(present, missing);
  }

  /** Number of videos on one side. */
  public long count(String split) {
    return videos.stream().filter(v -> v.split().equals(split)).count();
  }

  /** Ingest inputs for {@code videos} (absolute paths; video id = the relative path). */
  public List<VideoSource> toSources(List<LabelledVideo> selected) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < classes.size(); i++) {
      index.put(classes.get(i), i);
    }
    List<VideoSource> sources = new ArrayList<>();
    for (LabelledVideo v : selected) {
      Integer li = v.label() == null ? null : index.get(v.label());
      sources.add(new VideoSource(root.resolve(v.path()).toAbsolutePath().normalize().toString(), v.path(), v.label(),
          li, v.split(), null, null));
    }
    return sources;
  }
}
