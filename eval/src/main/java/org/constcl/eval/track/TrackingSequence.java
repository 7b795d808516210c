package org.constcl.eval.track;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One tracking sequence: its frames and, per frame, the target box as 0-based x, y, w, h (NaN or
 * non-positive sizes where the target is not annotated) and whether it is visible.
 */
public record TrackingSequence(String name, List<Path> frames, List<double[]> boxes, List<Boolean> visible) {
  public TrackingSequence {
    if (frames.isEmpty() || frames.size() != boxes.size()) {
      throw new IllegalArgumentException(name + ": " + frames.size() + " frames but " + boxes.size() + " boxes");
    }
  }

  /** Whether frame {@code i} has a usable box. */
  public boolean usable(int i) {
    double[] b = boxes.get(i);
    return visible.get(i) && b[2] > 0 && b[3] > 0 && Double.isFinite(b[0]) && Double.isFinite(b[1]);
  }

  /**
   * GOT-10k sequences of a split folder ({@code list.txt} order when present, else sorted):
   * {@code 00000001.jpg ...}, {@code groundtruth.txt} (0-based), {@code absence.label} (1: absent).
   * A dataset root whose only sequences are in {@code train/} (as {@code constcl datasets
   * make-tracking --layout got10k} writes it) reads as that split.
   */
  public static List<TrackingSequence> got10k(Path folder) throws IOException {
    Path split = !Files.isRegularFile(folder.resolve("list.txt")) && Files.isRegularFile(folder.resolve("train/list.txt"))
        ? folder.resolve("train") : folder;
    if (!Files.isDirectory(split)) {
      throw new IOException(split + ": no such GOT-10k split folder");
    }
    List<String> names;
    if (Files.isRegularFile(split.resolve("list.txt"))) {
      names = org.constcl.eval.data.AnnotationText.lines(split.resolve("list.txt")).stream().map(String::strip)
          .filter(s -> !s.isEmpty()).toList();
    } else {
      try (Stream<Path> s = Files.list(split)) {
        names = s.filter(p -> Files.isRegularFile(p.resolve("groundtruth.txt"))).map(p -> p.getFileName().toString()).sorted()
            .toList();
      }
    }
    if (names.isEmpty()) {
      throw new IOException(split + ": no GOT-10k sequence (a folder with groundtruth.txt)");
    }
    List<TrackingSequence> out = new ArrayList<>();
    for (String name : names) {
      Path dir = split.resolve(name);
      List<double[]> boxes = BoxFile.read(dir.resolve("groundtruth.txt"));
      List<Path> frames = images(dir);
      List<Boolean> visible = new ArrayList<>();
      Path absence = dir.resolve("absence.label");
      List<String> flags = Files.isRegularFile(absence) ? org.constcl.eval.data.AnnotationText.lines(absence) : List.of();
      for (int i = 0; i < boxes.size(); i++) {
        visible.add(i >= flags.size() || !flags.get(i).strip().equals("1"));
      }
      out.add(new TrackingSequence(name, firstN(frames, boxes.size(), dir), boxes, visible));
    }
    return out;
  }

  /**
   * OTB sequences under a root (or one sequence folder): {@code img/0001.jpg ...} and
   * {@code groundtruth_rect.txt} (1-based; {@code groundtruth_rect.k.txt} for a second target).
   * Sequences annotated on part of their frames ({@link OtbScoring#PARTIAL}) keep those frames.
   */
  public static List<TrackingSequence> otb(Path root) throws IOException {
    List<TrackingSequence> out = new ArrayList<>();
    for (Map.Entry<String, Path> e : OtbScoring.groundTruthFiles(root).entrySet()) {
      Path dir = e.getValue().getParent();
      List<Path> frames = images(dir.resolve("img"));
      List<double[]> boxes = new ArrayList<>();
      for (double[] b : BoxFile.read(e.getValue())) {
        boxes.add(new double[] {b[0] - 1, b[1] - 1, b[2], b[3]});
      }
      int[] range = OtbScoring.PARTIAL.get(e.getKey().replaceAll("\\.\\d+$", ""));
      if (range != null && frames.size() >= range[1] && boxes.size() == range[1] - range[0] + 1) {
        frames = frames.subList(range[0] - 1, range[1]);
      }
      List<Boolean> visible = new ArrayList<>();
      boxes.forEach(b -> visible.add(true));
      out.add(new TrackingSequence(e.getKey(), firstN(frames, boxes.size(), dir), boxes, visible));
    }
    return out;
  }

  private static List<Path> images(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": no such image folder");
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> frames = s.filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".jpg")).sorted()
          .toList();
      org.constcl.eval.data.FrameNumbering.requireContiguous(dir, frames);
      return frames;
    }
  }

  private static List<Path> firstN(List<Path> frames, int n, Path dir) throws IOException {
    if (frames.size() < n) {
      throw new IOException(dir + ": " + n + " boxes but only " + frames.size() + " frames");
    }
    return List.copyOf(frames.subList(0, n));
  }
}
