package org.constcl.eval.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.constcl.transforms.input.CsvLine;

/**
 * Kinetics annotation CSVs ({@code label,youtube_id,time_start,time_end,split[,is_cc]}, or without
 * {@code label} for test files). Columns are found by the header. A row's video is
 * {@code <youtube_id>_<start:06d>_<end:06d>.mp4}, looked up under the video root directly and in a
 * folder named after its label (the two common layouts). Classes: the sorted labels of the train
 * file, or a given class list (a label outside it is an error).
 */
public final class KineticsCsv {
  private KineticsCsv() {}

  /**
   * Reads a train CSV and a test (validation) CSV.
   *
   * @param classes class names in index order, or null for the sorted labels of {@code trainCsv}
   */
  public static DatasetSplit read(Path root, Path trainCsv, Path testCsv, List<String> classes)
      throws DatasetFormatException {
    List<Row> train = rows(trainCsv);
    List<Row> test = rows(testCsv);
    List<String> names = classes;
    if (names == null) {
      TreeSet<String> labels = new TreeSet<>();
      train.forEach(r -> {
        if (r.label != null) {
          labels.add(r.label);
        }
      });
      if (labels.isEmpty()) {
        throw new DatasetFormatException(trainCsv + ": no labelled rows");
      }
      names = List.copyOf(labels);
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i), i);
    }
    List<LabelledVideo> videos = new ArrayList<>();
    for (List<Row> side : List.of(train, test)) {
      for (Row r : side) {
        if (r.label != null && !index.containsKey(r.label)) {
          throw SplitFiles.error(r.file, r.line, "label '" + r.label + "' is not in the class list");
        }
        String name = String.format(Locale.ROOT, "%s_%06d_%06d.mp4", r.id, r.start, r.end);
        String path = r.label != null && !Files.exists(root.resolve(name)) && Files.exists(root.resolve(r.label).resolve(name))
            ? r.label + "/" + name : name;
        videos.add(new LabelledVideo(path, r.label, side == train ? DatasetSplit.TRAIN : DatasetSplit.TEST,
            SplitFiles.origin(r.file, r.line)));
      }
    }
    return new DatasetSplit("kinetics/" + trainCsv.getFileName(), root, names, List.copyOf(videos));
  }

  private record Row(Path file, int line, String label, String id, int start, int end) {}

  private static List<Row> rows(Path file) throws DatasetFormatException {
    List<String> lines = SplitFiles.lines(file);
    if (lines.isEmpty()) {
      throw new DatasetFormatException(file + ": empty");
    }
    List<String> header = CsvLine.parse(lines.get(0));
    int label = header.indexOf("label");
    int id = header.indexOf("youtube_id");
    int start = header.indexOf("time_start");
    int end = header.indexOf("time_end");
    if (id < 0 || start < 0 || end < 0) {
      throw SplitFiles.error(file, 1, "header must name youtube_id, time_start and time_end, got " + header);
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isEmpty()) {
        continue;
      }
      List<String> f;
      try {
        f = CsvLine.parse(lines.get(i));
      } catch (IllegalArgumentException e) {
        throw SplitFiles.error(file, i + 1, e.getMessage());
      }
      if (f.size() != header.size()) {
        throw SplitFiles.error(file, i + 1, "expected " + header.size() + " fields, got " + f.size());
      }
      try {
        rows.add(new Row(file, i + 1, label < 0 ? null : f.get(label), f.get(id), Integer.parseInt(f.get(start)),
            Integer.parseInt(f.get(end))));
      } catch (NumberFormatException e) {
        throw SplitFiles.error(file, i + 1, "time_start and time_end must be whole seconds");
      }
    }
    return rows;
  }
}
