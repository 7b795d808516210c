package org.constcl.eval.localize;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * AVA's extracted frames, {@code <frames>/<video>/<video>_000001.jpg ...} at {@code fps} from second
 * {@code firstSecond} (the layout and numbering of the AVA frame dumps SlowFast reads: 30 fps from
 * second 900). A clip around a keyframe takes {@code frames} frames {@code stride} apart centred on
 * it, indices clamped to the video, each resized to size×size (boxes are normalised, so they follow)
 * as RGB bytes. Videos named in {@code fromZero} are stored from second 0 instead: AVA-Kinetics
 * mixes AVA's movies (keyframes at seconds 902–1798 of a dump from second 900) with Kinetics clips
 * (keyframes at their second inside a 10-second clip dumped from its start); see {@link
 * #storedFromZero}.
 */
public final class AvaFrameStore {
  private final Path root;
  private final int fps;
  private final int firstSecond;
  private final Set<String> fromZero;
  private final Map<String, Integer> counts = new ConcurrentHashMap<>();

  public AvaFrameStore(Path root, int fps, int firstSecond) {
    this(root, fps, firstSecond, Set.of());
  }

  public AvaFrameStore(Path root, int fps, int firstSecond, Set<String> fromZero) {
    this.root = root;
    this.fps = fps;
    this.firstSecond = firstSecond;
    this.fromZero = Set.copyOf(fromZero);
  }

  /**
   * The videos every keyframe of which lies before {@code firstSecond}: clips dumped from their
   * start (AVA-Kinetics' Kinetics part), not movies dumped from {@code firstSecond}.
   */
  @SafeVarargs
  public static Set<String> storedFromZero(int firstSecond, List<AvaKeyframes.Keyframe>... keyframes) {
    Map<String, Double> last = new HashMap<>();
    for (List<AvaKeyframes.Keyframe> list : keyframes) {
      for (AvaKeyframes.Keyframe k : list) {
        last.merge(k.video(), k.second(), Math::max);
      }
    }
    Set<String> videos = new TreeSet<>();
    last.forEach((video, second) -> {
      if (second < firstSecond) {
        videos.add(video);
      }
    });
    return videos;
  }

  /** Frames stored for {@code video}. */
  public int frameCount(String video) throws IOException {
    Integer n = counts.get(video);
    if (n == null) {
      Path dir = root.resolve(video);
      if (!Files.isDirectory(dir)) {
        throw new IOException("no frames for video " + video + ": " + dir + " is not a folder");
      }
      List<Path> frames;
      try (Stream<Path> files = Files.list(dir)) {
        frames = files.filter(p -> p.getFileName().toString().endsWith(".jpg")).sorted().toList();
      }
      org.constcl.eval.data.FrameNumbering.requireContiguous(dir, frames);
      n = frames.size();
      if (n == 0) {
        throw new IOException("no frames for video " + video + " in " + dir);
      }
      counts.put(video, n);
    }
    return n;
  }

  /** 0-based index of {@code video}'s stored frame at {@code second}. */
  public int frameIndex(String video, double second) {
    return (int) Math.round((second - firstSecond(video)) * fps);
  }

  private int firstSecond(String video) {
    return fromZero.contains(video) ? 0 : firstSecond;
  }

  /** The clip around {@code second}: uint8 RGB [frames, size, size, 3], row-major, into {@code out} at {@code offset}. */
  public void clip(String video, double second, int frames, int stride, int size, byte[] out, int offset) throws IOException {
    int count = frameCount(video);
    int centre = frameIndex(video, second);
    if (centre < 0 || centre >= count) {
      throw new IOException("keyframe " + video + "," + second + " is stored frame " + (centre + 1) + ", but " + root.resolve(video)
          + " holds " + count + " frames (fps " + fps + ", first second " + firstSecond(video) + ")");
    }
    int bytes = size * size * 3;
    for (int i = 0; i < frames; i++) {
      int index = Math.max(0, Math.min(count - 1, centre + stride * (i - frames / 2)));
      Path file = root.resolve(video).resolve(String.format(Locale.ROOT, "%s_%06d.jpg", video, index + 1));
      try (Mat bgr = org.constcl.eval.data.FrameImage.readBgr(file); Mat small = new Mat(); Mat rgb = new Mat()) {
        try (Size s = new Size(size, size)) {
          resize(bgr, small, s, 0, 0, INTER_AREA);
        }
        cvtColor(small, rgb, COLOR_BGR2RGB);
        rgb.data().position(0).get(out, offset + i * bytes, bytes);
      }
    }
  }
}
