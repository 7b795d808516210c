package org.constcl.eval.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * HMDB51's official split files ({@code testTrainMulti_7030_splits/<class>_test_splitN.txt}, lines
 * {@code <video>.avi <0|1|2>}: 1 train, 2 test, 0 unused). There is no class index file: classes are
 * the sorted class names (as mmaction2 assigns them), videos live in {@code root/<class>/<video>}.
 */
public final class Hmdb51Splits {
  private static final Pattern FILE = Pattern.compile("(.+)_test_split([123])\\.txt");

  private Hmdb51Splits() {}

  /**
   * Reads split {@code split} (1–3). {@code splits} is the folder of split files; null looks in
   * {@code root/testTrainMulti_7030_splits}, then {@code root}.
   */
  public static DatasetSplit read(Path root, Path splits, int split) throws DatasetFormatException {
    if (split < 1 || split > 3) {
      throw new DatasetFormatException("HMDB51 has splits 1, 2 and 3, not " + split);
    }
    Path dir = splits != null ? splits
        : Files.isDirectory(root.resolve("testTrainMulti_7030_splits")) ? root.resolve("testTrainMulti_7030_splits") : root;
    TreeMap<String, Path> byClass = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Matcher m = FILE.matcher(p.getFileName().toString());
        if (m.matches() && Integer.parseInt(m.group(2)) == split) {
          byClass.put(m.group(1), p);
        }
      }
    } catch (IOException e) {
      throw new DatasetFormatException(dir + ": cannot list the split files (" + e.getMessage() + ")");
    }
    if (byClass.isEmpty()) {
      throw new DatasetFormatException(dir + ": no <class>_test_split" + split + ".txt files");
    }
    List<LabelledVideo> videos = new ArrayList<>();
    for (var e : byClass.entrySet()) {
      List<String> lines = SplitFiles.lines(e.getValue());
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.isEmpty()) {
          continue;
        }
        String[] f = line.split("\\s+");
        if (f.length != 2 || !f[1].matches("[012]")) {
          throw SplitFiles.error(e.getValue(), i + 1, "expected '<video> <0|1|2>', got '" + line + "'");
        }
        if (f[1].equals("0")) {
          continue;
        }
        String side = f[1].equals("1") ? DatasetSplit.TRAIN : DatasetSplit.TEST;
        videos.add(new LabelledVideo(e.getKey() + "/" + f[0], e.getKey(), side, SplitFiles.origin(e.getValue(), i + 1)));
      }
    }
    return new DatasetSplit("hmdb51/split" + split, root, List.copyOf(byClass.keySet()), List.copyOf(videos));
  }
}
