package org.constcl.eval.ava;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Rows of AVA CSV files (ground truth, detections, excluded timestamps), checked column by column. */
public final class AvaRows {
  /** One box row: frame key, box as y1, x1, y2, x2 (normalised), action id, score (1 when absent). */
  public record Box(String key, double y1, double x1, double y2, double x2, int action, double score) {}

  /** Ground truth: its boxes and every keyframe it names (2-column rows included). */
  public record GroundTruth(List<Box> boxes, Set<String> keys) {}

  private AvaRows() {}

  public static GroundTruth groundTruth(Path file, AvaProtocol protocol) throws IOException, AvaFormatException {
    List<Box> boxes = new ArrayList<>();
    Set<String> keys = new LinkedHashSet<>();
    read(file, protocol, boxes, keys, true);
    return new GroundTruth(boxes, keys);
  }

  public static List<Box> detections(Path file, AvaProtocol protocol) throws IOException, AvaFormatException {
    List<Box> boxes = new ArrayList<>();
    read(file, protocol, boxes, new LinkedHashSet<>(), false);
    return boxes;
  }

  public static Set<String> excluded(Path file, AvaProtocol protocol) throws IOException, AvaFormatException {
    Set<String> keys = new LinkedHashSet<>();
    List<String> lines = org.constcl.eval.data.AnnotationText.lines(file);
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] c = line.split(",", -1);
      if (c.length != 2) {
        throw new AvaFormatException(file + ":" + (n + 1) + ": expected video_id,timestamp, found " + c.length + " columns");
      }
      keys.add(key(file, n, protocol, c));
    }
    return keys;
  }

  private static void read(Path file, AvaProtocol protocol, List<Box> boxes, Set<String> keys, boolean groundTruth)
      throws IOException, AvaFormatException {
    List<String> lines = org.constcl.eval.data.AnnotationText.lines(file);
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] c = line.split(",", -1);
      if (c.length != 2 && c.length != 7 && c.length != 8) {
        throw new AvaFormatException(file + ":" + (n + 1) + ": expected 2, 7 or 8 columns"
            + " (video_id,timestamp,x1,y1,x2,y2,action_id[,score]), found " + c.length);
      }
      String key = key(file, n, protocol, c);
      keys.add(key);
      if (c.length == 2) {
        continue;
      }
      try {
        double x1 = Double.parseDouble(c[2]);
        double y1 = Double.parseDouble(c[3]);
        double x2 = Double.parseDouble(c[4]);
        double y2 = Double.parseDouble(c[5]);
        int action = Integer.parseInt(c[6].strip());
        // The 8th ground-truth column is the person id, not a score.
        double score = c.length == 8 && !groundTruth ? Double.parseDouble(c[7]) : 1.0;
        boxes.add(new Box(key, y1, x1, y2, x2, action, score));
      } catch (NumberFormatException e) {
        throw new AvaFormatException(file + ":" + (n + 1) + ": not a number in " + line);
      }
    }
  }

  private static String key(Path file, int n, AvaProtocol protocol, String[] c) throws AvaFormatException {
    try {
      return protocol.key(c[0].strip(), c[1]);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new AvaFormatException(file + ":" + (n + 1) + ": timestamp '" + c[1] + "' is not "
          + (protocol == AvaProtocol.CURRENT ? "a number" : "an integer (protocol 2018)"));
    }
  }
}
