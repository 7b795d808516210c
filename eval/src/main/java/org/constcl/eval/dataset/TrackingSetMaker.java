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
 * Tracking sequences with exact boxes, cut from real videos: a textured patch taken from another
 * video's frame moves over each video's frames along a seeded path (constant velocity with a sine
 * wobble, bouncing off the borders, always fully visible), pasted pixel for pixel, so its box is
 * known exactly. Written in the OTB layout ({@code <Seq>/img/0001.jpg}, {@code groundtruth_rect.txt},
 * 1-based x,y,w,h) or the GOT-10k layout ({@code train/list.txt}, {@code GOT-10k_Train_000001/00000001.jpg},
 * {@code groundtruth.txt} 0-based, {@code absence/cover/cut_by_image.label}, {@code meta_info.ini}).
 * A {@code README.txt} describing the set is written last. Same videos and settings give
 * byte-identical files.
 */
public final class TrackingSetMaker {
  /** Output layouts. */
  public enum Layout { OTB, GOT10K }

  /**
   * @param frames frames per sequence
   * @param shortSide frame short side in pixels
   * @param patch patch side as a fraction of the frame's short side
   */
  public record Settings(int frames, int shortSide, double patch, long seed) {
    public Settings {
      if (frames < 2 || shortSide < 32 || patch <= 0.02 || patch > 0.6) {
        throw new IllegalArgumentException("need frames >= 2, short side >= 32 and 0.02 < patch <= 0.6");
      }
    }
  }

  /** What was written: sequence names and the videos too short to use. */
  public record Made(List<String> sequences, List<String> skipped) {}

  private TrackingSetMaker() {}

  public static Made make(List<Path> videos, Path output, Settings s, Layout layout) throws IOException {
    if (videos.size() < 2) {
      throw new IOException("a tracking set needs at least two videos (the patch comes from another video), found " + videos.size());
    }
    PatchTextures.requireEmpty(output);
    List<String> names = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    StringBuilder list = new StringBuilder();
    for (int v = 0; v < videos.size(); v++) {
      List<Mat> frames = VideoFrames.decode(videos.get(v), s.shortSide(), s.frames());
      List<Mat> other = VideoFrames.decode(videos.get((v + 1) % videos.size()), s.shortSide(), 1);
      try {
        if (frames.size() < s.frames() || other.isEmpty()) {
          skipped.add(videos.get(v).getFileName() + " (" + frames.size() + " frames, need " + s.frames() + ")");
          continue;
        }
        SplittableRandom rnd = new SplittableRandom(s.seed() * 1_000_003L + v);
        int width = frames.get(0).cols();
        int height = frames.get(0).rows();
        int pw = Math.max(8, (int) Math.round(s.patch() * s.shortSide() * (0.8 + 0.4 * rnd.nextDouble())));
        int ph = Math.max(8, (int) Math.round(s.patch() * s.shortSide() * (0.8 + 0.4 * rnd.nextDouble())));
        try (Mat texture = PatchTextures.cut(other.get(0), pw, ph, 0)) {
          List<int[]> path = path(rnd, width, height, pw, ph, s.frames());
          String name = layout == Layout.OTB ? sequenceName(videos.get(v))
              : String.format(Locale.ROOT, "GOT-10k_Train_%06d", names.size() + 1);
          Path dir = layout == Layout.OTB ? output.resolve(name) : output.resolve("train").resolve(name);
          Path img = layout == Layout.OTB ? dir.resolve("img") : dir;
          Files.createDirectories(img);
          StringBuilder gt = new StringBuilder();
          for (int i = 0; i < s.frames(); i++) {
            int[] p = path.get(i);
            try (Mat f = frames.get(i).clone(); Rect r = new Rect(p[0], p[1], pw, ph); Mat roi = f.apply(r)) {
              texture.copyTo(roi);
              String file = layout == Layout.OTB ? String.format(Locale.ROOT, "%04d.jpg", i + 1)
                  : String.format(Locale.ROOT, "%08d.jpg", i + 1);
              try (IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, 95)) {
                if (!imwrite(img.resolve(file).toString(), f, params)) {
                  throw new IOException("cannot write " + img.resolve(file));
                }
              }
            }
            gt.append(layout == Layout.OTB
                ? String.format(Locale.ROOT, "%d,%d,%d,%d%n", p[0] + 1, p[1] + 1, pw, ph)
                : String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f%n", (double) p[0], (double) p[1], (double) pw, (double) ph));
          }
          if (layout == Layout.OTB) {
            Files.writeString(dir.resolve("groundtruth_rect.txt"), gt, StandardCharsets.UTF_8);
          } else {
            Files.writeString(dir.resolve("groundtruth.txt"), gt, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("absence.label"), "0\n".repeat(s.frames()), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("cover.label"), "8\n".repeat(s.frames()), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("cut_by_image.label"), "0\n".repeat(s.frames()), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("meta_info.ini"), "[METAINFO]\nurl: none\nbegin_time: 0\nend_time: " + s.frames()
                + "\nframe_num: " + s.frames() + "\nobject_class: textured patch\nmotion_class: translation\nmajor_class: synthetic"
                + "\nroot_class: object\nmotion_adverb: steadily\nresolution: (" + width + ", " + height + ")\nsource_video: "
                + videos.get(v).getFileName() + "\npatch_from: " + videos.get((v + 1) % videos.size()).getFileName() + "\n",
                StandardCharsets.UTF_8);
            list.append(name).append('\n');
          }
          names.add(name);
        }
      } finally {
        frames.forEach(Mat::close);
        other.forEach(Mat::close);
      }
    }
    if (names.isEmpty()) {
      throw new IOException("no video has " + s.frames() + " frames: " + skipped);
    }
    if (layout == Layout.GOT10K) {
      Files.writeString(output.resolve("train").resolve("list.txt"), list, StandardCharsets.UTF_8);
    }
    // Written last: a README says the set is complete (the experiment engine's done marker).
    Files.writeString(output.resolve("README.txt"), "Synthetic " + (layout == Layout.OTB ? "OTB" : "GOT-10k")
        + "-format tracking set made by constcl datasets make-tracking from " + videos.size() + " videos; " + s
        + "\nsequences: " + String.join(", ", names) + (layout == Layout.OTB ? "\nboxes: groundtruth_rect.txt, 1-based x,y,w,h\n"
        : "\nboxes: train/<seq>/groundtruth.txt, 0-based x,y,w,h\n"), StandardCharsets.UTF_8);
    return new Made(names, skipped);
  }

  /** Top-left corners per frame: seeded start and velocity, a sine wobble, reflected at the borders. */
  static List<int[]> path(SplittableRandom rnd, int width, int height, int pw, int ph, int frames) {
    double maxX = width - pw;
    double maxY = height - ph;
    double x = rnd.nextDouble() * maxX;
    double y = rnd.nextDouble() * maxY;
    double vx = (1 + 2 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
    double vy = (0.5 + 1.5 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
    double phase = rnd.nextDouble() * 2 * Math.PI;
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < frames; i++) {
      double wx = x + 2 * Math.sin(phase + i / 5.0);
      out.add(new int[] {(int) Math.round(Math.min(maxX, Math.max(0, wx))), (int) Math.round(Math.min(maxY, Math.max(0, y)))});
      x += vx;
      y += vy;
      if (x < 0 || x > maxX) {
        vx = -vx;
        x = Math.min(maxX, Math.max(0, x));
      }
      if (y < 0 || y > maxY) {
        vy = -vy;
        y = Math.min(maxY, Math.max(0, y));
      }
    }
    return out;
  }

  private static String sequenceName(Path video) {
    String stem = video.getFileName().toString().replaceFirst("\\.[^.]+$", "").replaceAll("[^A-Za-z0-9]", "");
    return stem.isEmpty() ? "Seq" : Character.toUpperCase(stem.charAt(0)) + stem.substring(1);
  }
}
