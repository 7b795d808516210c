package org.constcl.eval.localize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.constcl.eval.ava.AvaFormatException;
import org.constcl.eval.ava.AvaProtocol;

/**
 * Keyframes of an AVA annotation file with their person boxes: ground truth (one row per box and
 * action, grouped into one box with its action set; person id column optional) or person
 * detections ({@code video,ts,x1,y1,x2,y2,,score}: the action column may be empty or anything,
 * boxes below {@code minScore} dropped).
 */
public final class AvaKeyframes {
  /** A person box in normalised [0, 1] coordinates with its actions (ground truth) or its detector score. */
  public record PersonBox(double x1, double y1, double x2, double y2, TreeSet<Integer> actions, double score) {
    /** The row's box columns as AVA writes them. */
    public String columns() {
      return String.format(Locale.ROOT, "%.3f,%.3f,%.3f,%.3f", x1, y1, x2, y2);
    }
  }

  /**
   * One keyframe.
   *
   * @param timestamp the timestamp column as written
   * @param second its value in seconds
   * @param key the evaluator's frame key under the protocol
   */
  public record Keyframe(String video, String timestamp, double second, String key, List<PersonBox> boxes) {}

  private AvaKeyframes() {}

  /** Ground-truth keyframes in file order; 2-column rows give keyframes without boxes. */
  public static List<Keyframe> groundTruth(Path file, AvaProtocol protocol) throws IOException, AvaFormatException {
    return read(file, protocol, true, 0);
  }

  /** Person detections with score ≥ {@code minScore}, grouped by keyframe. */
  public static List<Keyframe> detections(Path file, AvaProtocol protocol, double minScore)
      throws IOException, AvaFormatException {
    return read(file, protocol, false, minScore);
  }

  private static List<Keyframe> read(Path file, AvaProtocol protocol, boolean groundTruth, double minScore)
      throws IOException, AvaFormatException {
    if (!Files.isRegularFile(file)) {
      throw new AvaFormatException(file + ": no such file");
    }
    Map<String, Keyframe> frames = new LinkedHashMap<>();
    Map<String, Map<String, PersonBox>> boxes = new LinkedHashMap<>();
    List<String> lines = org.constcl.eval.data.AnnotationText.lines(file);
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] c = line.split(",", -1);
      String where = file + ":" + (n + 1) + ": ";
      if (c.length != 2 && c.length != 7 && c.length != 8) {
        throw new AvaFormatException(where + "expected 2, 7 or 8 columns (video_id,timestamp,x1,y1,x2,y2,action_id[,"
            + (groundTruth ? "person_id" : "score") + "]), found " + c.length);
      }
      String key;
      double second;
      try {
        key = protocol.key(c[0].strip(), c[1]);
        second = Double.parseDouble(c[1].strip());
      } catch (NumberFormatException | ArithmeticException e) {
        throw new AvaFormatException(where + "timestamp '" + c[1] + "' is not a number");
      }
      Keyframe kf = frames.computeIfAbsent(key, k -> new Keyframe(c[0].strip(), c[1].strip(), second, k, new ArrayList<>()));
      Map<String, PersonBox> byBox = boxes.computeIfAbsent(key, k -> new LinkedHashMap<>());
      if (c.length == 2) {
        continue;
      }
      double x1;
      double y1;
      double x2;
      double y2;
      double score = 1;
      Integer action = null;
      try {
        x1 = Double.parseDouble(c[2]);
        y1 = Double.parseDouble(c[3]);
        x2 = Double.parseDouble(c[4]);
        y2 = Double.parseDouble(c[5]);
        if (groundTruth) {
          action = Integer.parseInt(c[6].strip());
        } else if (c.length == 8) {
          score = Double.parseDouble(c[7]);
        }
      } catch (NumberFormatException e) {
        throw new AvaFormatException(where + "not a number in " + line);
      }
      if (!(x1 >= 0 && y1 >= 0 && x2 <= 1 && y2 <= 1 && x2 > x1 && y2 > y1)) {
        throw new AvaFormatException(where + "box " + x1 + "," + y1 + "," + x2 + "," + y2
            + " is not inside [0, 1] with x1 < x2 and y1 < y2");
      }
      if (score < minScore) {
        continue;
      }
      PersonBox box = new PersonBox(x1, y1, x2, y2, new TreeSet<>(), score);
      // Ground truth: one row per (box, action); the person id keeps two people on one box apart.
      String id = box.columns() + (groundTruth && c.length == 8 ? "#" + c[7].strip() : groundTruth ? "" : "#" + n);
      PersonBox known = byBox.computeIfAbsent(id, k -> {
        kf.boxes().add(box);
        return box;
      });
      if (action != null) {
        known.actions().add(action);
      }
    }
    return List.copyOf(frames.values());
  }
}
