package org.constcl.eval.dataset;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * An AVA-format localisation set cut from real videos: textured patches ("actors", taken from
 * other videos) move over each video's frames along seeded paths, and each keyframe labels every
 * actor with actions tied to its motion over the second before it: 1 moves left, 2 moves right,
 * 3 moves up, 4 moves down, 5 stands still (a horizontal and a vertical label, or 5). Written as
 * AVA is distributed: {@code frames/<video>/<video>_000001.jpg} at {@code fps}, and
 * {@code annotations/}: {@code ava_train_v2.2.csv}, {@code ava_val_v2.2.csv} (keyframes at
 * seconds 902, 903, ...), {@code ava_action_list_v2.2.pbtxt}, an empty
 * {@code ava_val_excluded_timestamps_v2.2.csv}, and person boxes for the val split with scores
 * ({@code ava_val_predicted_boxes.csv}: the true boxes jittered, as a person detector's output).
 * Same videos and settings give byte-identical files.
 */
public final class AvaSetMaker {
  /** The synthetic action classes. */
  /** The second of the first stored frame: keyframe second s is stored frame (s - 900)·fps + 1. */
  public static final int FIRST_SECOND = 900;

  public static final List<String> ACTIONS = List.of("move left", "move right", "move up", "move down", "stand still");

  /**
   * @param keyframes keyframes per video (seconds 902 ..)
   * @param fps stored frames per second
   * @param actors moving patches per video
   */
  public record Settings(int keyframes, int fps, int shortSide, int actors, double valFraction, long seed) {
    public Settings {
      if (keyframes < 1 || fps < 2 || shortSide < 32 || actors < 1 || actors > 4 || valFraction <= 0 || valFraction >= 1) {
        throw new IllegalArgumentException("need keyframes >= 1, fps >= 2, short side >= 32, 1-4 actors, 0 < val < 1");
      }
    }

    /**
     * Frames needed: frames start at second {@value AvaSetMaker#FIRST_SECOND} (as AVA's frames are
     * extracted from the 15-minute mark), keyframes at 902, 903, ..., and half a second after the last.
     */
    int frames() {
      return (keyframes + 2) * fps + fps / 2 + 1;
    }
  }

  /** Videos per split and the ones too short. */
  public record Made(List<String> train, List<String> val, List<String> skipped, int boxes) {}

  private AvaSetMaker() {}

  public static Made make(List<Path> videos, Path output, Settings s) throws IOException {
    if (videos.size() < 2) {
      throw new IOException("an AVA set needs at least two videos (actors come from other videos), found " + videos.size());
    }
    PatchTextures.requireEmpty(output);
    Path ann = Files.createDirectories(output.resolve("annotations"));
    StringBuilder train = new StringBuilder();
    StringBuilder val = new StringBuilder();
    StringBuilder predicted = new StringBuilder();
    List<String> trainIds = new ArrayList<>();
    List<String> valIds = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    int boxes = 0;
    SplittableRandom split = new SplittableRandom(s.seed());
    for (int v = 0; v < videos.size(); v++) {
      boolean isVal = split.nextDouble() < s.valFraction();
      List<Mat> frames = VideoFrames.decode(videos.get(v), s.shortSide(), s.frames());
      List<Mat> textures = new ArrayList<>();
      try {
        if (frames.size() < s.frames()) {
          skipped.add(videos.get(v).getFileName() + " (" + frames.size() + " frames, need " + s.frames() + ")");
          continue;
        }
        String id = String.format(Locale.ROOT, "synth%02d_%s", v, videos.get(v).getFileName().toString()
            .replaceFirst("\\.[^.]+$", "").replaceAll("[^A-Za-z0-9]", ""));
        SplittableRandom rnd = new SplittableRandom(s.seed() * 7_919L + v);
        int width = frames.get(0).cols();
        int height = frames.get(0).rows();
        List<List<int[]>> paths = new ArrayList<>();
        List<int[]> sizes = new ArrayList<>();
        for (int a = 0; a < s.actors(); a++) {
          int pw = Math.max(8, (int) Math.round(s.shortSide() * (0.18 + 0.1 * rnd.nextDouble())));
          int ph = Math.max(8, (int) Math.round(s.shortSide() * (0.25 + 0.15 * rnd.nextDouble())));
          sizes.add(new int[] {pw, ph});
          List<Mat> src = VideoFrames.decode(videos.get((v + 1 + a) % videos.size()), s.shortSide(), 1);
          try {
            textures.add(PatchTextures.cut(src.get(0), pw, ph, a));
          } finally {
            src.forEach(Mat::close);
          }
          // Some actors stand still: their path has zero velocity.
          List<int[]> p = rnd.nextDouble() < 0.25 ? still(rnd, width, height, pw, ph, s.frames())
              : TrackingSetMaker.path(rnd, width, height, pw, ph, s.frames());
          paths.add(p);
        }
        Path dir = Files.createDirectories(output.resolve("frames").resolve(id));
        for (int i = 0; i < s.frames(); i++) {
          try (Mat f = frames.get(i).clone()) {
            for (int a = 0; a < s.actors(); a++) {
              int[] p = paths.get(a).get(i);
              try (Rect r = new Rect(p[0], p[1], sizes.get(a)[0], sizes.get(a)[1]); Mat roi = f.apply(r)) {
                textures.get(a).copyTo(roi);
              }
            }
            try (IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, 95)) {
              Path file = dir.resolve(String.format(Locale.ROOT, "%s_%06d.jpg", id, i + 1));
              if (!imwrite(file.toString(), f, params)) {
                throw new IOException("cannot write " + file);
              }
            }
          }
        }
        StringBuilder gt = isVal ? val : train;
        for (int k = 0; k < s.keyframes(); k++) {
          int second = 902 + k;
          int frame = (second - FIRST_SECOND) * s.fps(); // 0-based index of the keyframe
          for (int a = 0; a < s.actors(); a++) {
            int[] now = paths.get(a).get(frame);
            int[] before = paths.get(a).get(frame - s.fps());
            double x1 = (double) now[0] / width;
            double y1 = (double) now[1] / height;
            double x2 = (double) (now[0] + sizes.get(a)[0]) / width;
            double y2 = (double) (now[1] + sizes.get(a)[1]) / height;
            for (int action : actions(now[0] - before[0], now[1] - before[1], s.fps())) {
              gt.append(String.format(Locale.ROOT, "%s,%04d,%.3f,%.3f,%.3f,%.3f,%d,%d%n", id, second, x1, y1, x2, y2, action, a));
              boxes++;
            }
            if (isVal) {
              double j = 0.02;
              predicted.append(String.format(Locale.ROOT, "%s,%04d,%.3f,%.3f,%.3f,%.3f,,%.6f%n", id, second,
                  clamp(x1 + j * rnd.nextGaussian()), clamp(y1 + j * rnd.nextGaussian()), clamp(x2 + j * rnd.nextGaussian()),
                  clamp(y2 + j * rnd.nextGaussian()), 0.8 + 0.2 * rnd.nextDouble()));
            }
          }
        }
        (isVal ? valIds : trainIds).add(id);
      } finally {
        frames.forEach(Mat::close);
        textures.forEach(Mat::close);
      }
    }
    if (trainIds.isEmpty() || valIds.isEmpty()) {
      throw new IOException("both splits need a video (train " + trainIds.size() + ", val " + valIds.size() + "; skipped "
          + skipped + "); use more videos or another seed");
    }
    Files.writeString(ann.resolve("ava_train_v2.2.csv"), train, StandardCharsets.UTF_8);
    Files.writeString(ann.resolve("ava_val_v2.2.csv"), val, StandardCharsets.UTF_8);
    Files.writeString(ann.resolve("ava_val_excluded_timestamps_v2.2.csv"), "", StandardCharsets.UTF_8);
    Files.writeString(ann.resolve("ava_val_predicted_boxes.csv"), predicted, StandardCharsets.UTF_8);
    StringBuilder labels = new StringBuilder();
    for (int c = 0; c < ACTIONS.size(); c++) {
      labels.append("label {\n  name: \"").append(ACTIONS.get(c)).append("\"\n  label_id: ").append(c + 1)
          .append("\n  label_type: PERSON_MOVEMENT\n}\n");
    }
    Files.writeString(ann.resolve("ava_action_list_v2.2.pbtxt"), labels, StandardCharsets.UTF_8);
    Files.writeString(output.resolve("README.txt"), "Synthetic AVA-format set made by constcl datasets make-ava from "
        + videos.size() + " videos; " + s + "\nframes: " + s.fps() + " per second from second " + FIRST_SECOND
        + ", keyframe of second s = frame (s-" + FIRST_SECOND + ")*" + s.fps() + "+1 (1-based)\n", StandardCharsets.UTF_8);
    return new Made(trainIds, valIds, skipped, boxes);
  }

  /** The action labels of a displacement over one second: horizontal and vertical direction, or standing still. */
  static List<Integer> actions(int dx, int dy, int fps) {
    // Below a third of a pixel per frame the motion is invisible at these sizes: standing still.
    double threshold = fps / 3.0;
    List<Integer> a = new ArrayList<>();
    if (Math.abs(dx) >= threshold) {
      a.add(dx < 0 ? 1 : 2);
    }
    if (Math.abs(dy) >= threshold) {
      a.add(dy < 0 ? 3 : 4);
    }
    if (a.isEmpty()) {
      a.add(5);
    }
    return a;
  }

  private static List<int[]> still(SplittableRandom rnd, int width, int height, int pw, int ph, int frames) {
    int x = rnd.nextInt(width - pw + 1);
    int y = rnd.nextInt(height - ph + 1);
    List<int[]> p = new ArrayList<>();
    for (int i = 0; i < frames; i++) {
      p.add(new int[] {x, y});
    }
    return p;
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
