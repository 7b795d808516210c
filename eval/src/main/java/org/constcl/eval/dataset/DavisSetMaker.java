package org.constcl.eval.dataset;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.constcl.eval.propagate.DavisSet;
import org.constcl.eval.propagate.LabelMap;
import org.constcl.eval.propagate.MaskPng;

/**
 * Video object segmentation sequences with exact masks, cut from real videos, in the DAVIS-2017
 * layout ({@code JPEGImages/480p/<seq>/00000.jpg}, {@code Annotations/480p/<seq>/00000.png}
 * palette PNGs, {@code ImageSets/2017/val.txt}): over each video's frames, {@code objects}
 * elliptical patches textured from other videos' frames move along seeded paths (constant velocity
 * with a wobble, bouncing, free to leave the frame by up to half their size), breathe in scale by
 * ±15 % and occlude each other in label order; each pixel's label is the topmost patch covering it.
 * A {@code README.txt} is written last. Same videos and settings give byte-identical files.
 */
public final class DavisSetMaker {
  /**
   * @param frames frames per sequence
   * @param shortSide frame short side in pixels
   * @param objects patches per sequence (1-8)
   * @param patch patch diameter as a fraction of the short side
   * @param perVideo sequences cut from each video, from consecutive disjoint windows of {@code frames}
   */
  public record Settings(int frames, int shortSide, int objects, double patch, int perVideo, long seed) {
    public Settings {
      if (frames < 3 || shortSide < 32 || objects < 1 || objects > 8 || patch <= 0.05 || patch > 0.6 || perVideo < 1) {
        throw new IllegalArgumentException("need frames >= 3, short side >= 32, 1-8 objects, 0.05 < patch <= 0.6 and at"
            + " least one sequence per video");
      }
    }
  }

  /** What was written: sequence names and the videos too short to use. */
  public record Made(List<String> sequences, List<String> skipped) {}

  private DavisSetMaker() {}

  public static Made make(List<Path> videos, Path output, Settings s) throws IOException {
    if (videos.size() < 2) {
      throw new IOException("a DAVIS set needs at least two videos (the patches come from other videos), found " + videos.size());
    }
    PatchTextures.requireEmpty(output);
    Path images = output.resolve("JPEGImages").resolve(DavisSet.RESOLUTION);
    Path annotations = output.resolve("Annotations").resolve(DavisSet.RESOLUTION);
    List<String> names = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (int v = 0; v < videos.size(); v++) {
      List<Mat> all = VideoFrames.decode(videos.get(v), s.shortSide(), s.frames() * s.perVideo());
      try {
        if (all.size() < s.frames()) {
          skipped.add(videos.get(v).getFileName() + " (" + all.size() + " frames, need " + s.frames() + ")");
          continue;
        }
        for (int window = 0; window < all.size() / s.frames(); window++) {
          names.add(sequence(videos, v, window, all.subList(window * s.frames(), (window + 1) * s.frames()), s, images,
              annotations, names));
        }
      } finally {
        all.forEach(Mat::close);
      }
    }
    if (names.isEmpty()) {
      throw new IOException("no video has " + s.frames() + " frames: " + skipped);
    }
    Path sets = Files.createDirectories(output.resolve("ImageSets").resolve("2017"));
    Files.writeString(sets.resolve(DavisSet.SPLIT + ".txt"), String.join("\n", names) + "\n", StandardCharsets.UTF_8);
    // Written last: a README says the set is complete (the experiment engine's done marker).
    Files.writeString(output.resolve("README.txt"), "Synthetic DAVIS-2017-layout set made by constcl datasets make-davis from "
        + videos.size() + " videos; " + s + "\nsequences (ImageSets/2017/val.txt): " + String.join(", ", names)
        + "\nframes: JPEGImages/480p/<seq>/NNNNN.jpg; masks: Annotations/480p/<seq>/NNNNN.png (palette PNGs: 0 background,"
        + " 1.." + s.objects() + " patches)\n", StandardCharsets.UTF_8);
    return new Made(names, skipped);
  }

  /** Writes one sequence over {@code frames} of video {@code v} and returns its name. */
  private static String sequence(List<Path> videos, int v, int window, List<Mat> frames, Settings s, Path images,
      Path annotations, List<String> taken) throws IOException {
    List<Mat> textures = new ArrayList<>();
    try {
      SplittableRandom rnd = new SplittableRandom(s.seed() * 1_000_003L + v * 1_009L + window);
      int width = frames.get(0).cols();
      int height = frames.get(0).rows();
      List<Patch> patches = new ArrayList<>();
      for (int k = 0; k < s.objects(); k++) {
        List<Mat> other = VideoFrames.decode(videos.get((v + 1 + k % (videos.size() - 1)) % videos.size()), s.shortSide(), 1);
        try {
          if (other.isEmpty()) {
            throw new IOException(videos.get((v + 1 + k) % videos.size()) + ": no frame to cut a texture from");
          }
          int d = Math.max(8, (int) Math.round(s.patch() * s.shortSide() * (0.8 + 0.4 * rnd.nextDouble())));
          int pw = d;
          int ph = Math.max(8, (int) Math.round(d * (0.7 + 0.6 * rnd.nextDouble())));
          // Cut at 1.2x so the breathing patch is never upscaled past its texture.
          textures.add(PatchTextures.cut(other.get(0), (int) Math.ceil(pw * 1.2), (int) Math.ceil(ph * 1.2), k - 1));
          patches.add(new Patch(pw, ph, path(rnd, width, height, pw, ph, s.frames()), rnd.nextDouble() * 2 * Math.PI,
              6 + 6 * rnd.nextDouble()));
        } finally {
          other.forEach(Mat::close);
        }
      }
      String name = sequenceName(videos.get(v), taken);
      Path imgDir = Files.createDirectories(images.resolve(name));
      Path maskDir = Files.createDirectories(annotations.resolve(name));
      for (int t = 0; t < s.frames(); t++) {
        Mat frame = frames.get(t);
        byte[] pixels = new byte[width * height * 3];
        frame.data().position(0).get(pixels);
        byte[] labels = new byte[width * height];
        for (int k = 0; k < patches.size(); k++) {
          paint(patches.get(k), textures.get(k), t, k + 1, pixels, labels, width, height);
        }
        String stem = String.format(Locale.ROOT, "%05d", t);
        try (Mat out = new Mat(height, width, opencv_core.CV_8UC3); IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, 95)) {
          out.data().position(0).put(pixels);
          if (!imwrite(imgDir.resolve(stem + ".jpg").toString(), out, params)) {
            throw new IOException("cannot write " + imgDir.resolve(stem + ".jpg"));
          }
        }
        MaskPng.write(maskDir.resolve(stem + ".png"), new LabelMap(width, height, labels));
      }
      return name;
    } finally {
      textures.forEach(Mat::close);
    }
  }

  /** One moving patch: its base size, its top-left corners per frame, and its scale wobble. */
  private record Patch(int width, int height, List<int[]> path, double phase, double period) {
    double scale(int t) {
      return 1 + 0.15 * Math.sin(phase + 2 * Math.PI * t / period);
    }
  }

  /** Draws patch {@code label} at frame {@code t}: an ellipse of the texture, centred where the path puts the box. */
  private static void paint(Patch p, Mat texture, int t, int label, byte[] pixels, byte[] labels, int width, int height) {
    double scale = p.scale(t);
    int pw = Math.max(4, (int) Math.round(p.width() * scale));
    int ph = Math.max(4, (int) Math.round(p.height() * scale));
    int[] corner = p.path().get(t);
    int cx = corner[0] + p.width() / 2;
    int cy = corner[1] + p.height() / 2;
    int x0 = cx - pw / 2;
    int y0 = cy - ph / 2;
    byte[] tex = new byte[pw * ph * 3];
    try (Mat scaled = new Mat(); Size size = new Size(pw, ph)) {
      resize(texture, scaled, size, 0, 0, INTER_LINEAR);
      scaled.data().position(0).get(tex);
    }
    double rx = pw / 2.0;
    double ry = ph / 2.0;
    for (int y = 0; y < ph; y++) {
      int fy = y0 + y;
      if (fy < 0 || fy >= height) {
        continue;
      }
      double ny = (y + 0.5 - ry) / ry;
      for (int x = 0; x < pw; x++) {
        int fx = x0 + x;
        double nx = (x + 0.5 - rx) / rx;
        if (fx < 0 || fx >= width || nx * nx + ny * ny > 1) {
          continue;
        }
        System.arraycopy(tex, (y * pw + x) * 3, pixels, (fy * width + fx) * 3, 3);
        labels[fy * width + fx] = (byte) label;
      }
    }
  }

  /** Top-left corners per frame: seeded start and velocity, a sine wobble, reflected at bounds half a patch outside the frame. */
  static List<int[]> path(SplittableRandom rnd, int width, int height, int pw, int ph, int frames) {
    double minX = -pw / 2.0;
    double minY = -ph / 2.0;
    double maxX = width - pw / 2.0;
    double maxY = height - ph / 2.0;
    double x = minX + rnd.nextDouble() * (maxX - minX) * 0.6 + (maxX - minX) * 0.2;
    double y = minY + rnd.nextDouble() * (maxY - minY) * 0.6 + (maxY - minY) * 0.2;
    double vx = (1 + 2 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
    double vy = (0.5 + 1.5 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
    double phase = rnd.nextDouble() * 2 * Math.PI;
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < frames; i++) {
      out.add(new int[] {(int) Math.round(x + 2 * Math.sin(phase + i / 5.0)), (int) Math.round(y)});
      x += vx;
      y += vy;
      if (x < minX || x > maxX) {
        vx = -vx;
        x = Math.min(maxX, Math.max(minX, x));
      }
      if (y < minY || y > maxY) {
        vy = -vy;
        y = Math.min(maxY, Math.max(minY, y));
      }
    }
    return out;
  }

  /** A DAVIS-style name from the video's file name: lower case, words joined by '-', unique in the set. */
  private static String sequenceName(Path video, List<String> taken) {
    String stem = video.getFileName().toString().replaceFirst("\\.[^.]+$", "").toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    String name = stem.isEmpty() ? "seq" : stem;
    String unique = name;
    for (int i = 2; taken.contains(unique); i++) {
      unique = name + "-" + i;
    }
    return unique;
  }
}
