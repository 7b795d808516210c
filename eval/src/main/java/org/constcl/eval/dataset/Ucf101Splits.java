package org.constcl.eval.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * UCF101's official split files ({@code ucfTrainTestlist/}): {@code classInd.txt} ({@code 1
 * ApplyEyeMakeup}, 1-based), {@code trainlist0N.txt} ({@code Class/v_Class_g08_c01.avi 1}) and
 * {@code testlist0N.txt} ({@code Class/v_Class_g01_c01.avi}, label from the folder). Class indices
 * become 0-based in classInd order. A train line whose index disagrees with its folder, or a folder
 * that is not a class, is an error naming file and line.
 */
public final class Ucf101Splits {
  private Ucf101Splits() {}

  /**
   * Reads split {@code split} (1–3). {@code splits} is the folder holding the split files; null
   * looks in {@code root/ucfTrainTestlist}, then {@code root}.
   */
  public static DatasetSplit read(Path root, Path splits, int split) throws DatasetFormatException {
    if (split < 1 || split > 3) {
      throw new DatasetFormatException("UCF101 has splits 1, 2 and 3, not " + split);
    }
    Path dir = splits != null ? splits
        : Files.isDirectory(root.resolve("ucfTrainTestlist")) ? root.resolve("ucfTrainTestlist") : root;
    Path classInd = dir.resolve("classInd.txt");
    List<String> classes = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    List<String> lines = SplitFiles.lines(classInd);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\\s+");
      if (f.length != 2) {
        throw SplitFiles.error(classInd, i + 1, "expected '<index> <class>', got '" + line + "'");
      }
      int id = parseIndex(classInd, i + 1, f[0]);
      if (id != classes.size() + 1) {
        throw SplitFiles.error(classInd, i + 1, "class index " + id + " out of order (expected " + (classes.size() + 1) + ")");
      }
      index.put(f[1], classes.size());
      classes.add(f[1]);
    }
    if (classes.isEmpty()) {
      throw new DatasetFormatException(classInd + ": no classes");
    }
    List<LabelledVideo> videos = new ArrayList<>();
    readList(dir.resolve(String.format("trainlist%02d.txt", split)), DatasetSplit.TRAIN, classes, index, videos);
    readList(dir.resolve(String.format("testlist%02d.txt", split)), DatasetSplit.TEST, classes, index, videos);
    return new DatasetSplit("ucf101/split" + split, root, List.copyOf(classes), List.copyOf(videos));
  }

  private static void readList(Path file, String side, List<String> classes, Map<String, Integer> index,
      List<LabelledVideo> out) throws DatasetFormatException {
    List<String> lines = SplitFiles.lines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\\s+");
      if (f.length > 2) {
        throw SplitFiles.error(file, i + 1, "expected '<Class>/<video> [index]', got '" + line + "'");
      }
      String path = f[0].replace('\\', '/');
      int slash = path.indexOf('/');
      if (slash <= 0) {
        throw SplitFiles.error(file, i + 1, "'" + path + "' is not <Class>/<video>");
      }
      String folder = path.substring(0, slash);
      Integer folderIndex = index.get(folder);
      if (folderIndex == null) {
        throw SplitFiles.error(file, i + 1, "label '" + folder + "' is not in classInd.txt");
      }
      if (f.length == 2) {
        int id = parseIndex(file, i + 1, f[1]);
        if (id < 1 || id > classes.size()) {
          throw SplitFiles.error(file, i + 1, "label index " + id + " is not in classInd.txt (1.." + classes.size() + ")");
        }
        if (id - 1 != folderIndex) {
          throw SplitFiles.error(file, i + 1, "label index " + id + " (" + classes.get(id - 1) + ") disagrees with the folder "
              + folder);
        }
      }
      out.add(new LabelledVideo(path, folder, side, SplitFiles.origin(file, i + 1)));
    }
  }

  private static int parseIndex(Path file, int line, String s) throws DatasetFormatException {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw SplitFiles.error(file, line, "'" + s + "' is not a class index");
    }
  }
}
