package org.constcl.eval.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Makes the speed/direction benchmark: clips cut from real videos and relabelled by a
 * transformation only motion reveals — playback speed (1×, 2×, 4×: every 1st, 2nd or 4th source
 * frame) × direction (forward, reverse), six classes. Every window of a source video yields all six
 * classes from the same frames, so appearance carries no label. Written in UCF101's layout
 * ({@code <Class>/v_<Class>_gNN_cMM.avi}, {@code ucfTrainTestlist/classInd.txt, trainlist01.txt,
 * testlist01.txt}); the group {@code gNN} is the source video, and the test split takes whole
 * source videos, so no source video is on both sides. Output is MJPEG AVI; the same inputs and
 * settings give byte-identical files.
 */
public final class SpeedDirectionMaker {
  /** What was made. */
  public record Made(List<String> classes, List<String> trainSources, List<String> testSources, int trainClips,
      int testClips, List<String> skipped) {}

  private SpeedDirectionMaker() {}

  /** Class names in index order: {@code speed1x_forward, speed1x_reverse, speed2x_forward, …}. */
  public static List<String> classes() {
    List<String> names = new ArrayList<>();
    for (int s : SpeedDirectionSettings.SPEEDS) {
      names.add("speed" + s + "x_forward");
      names.add("speed" + s + "x_reverse");
    }
    return names;
  }

  /**
   * Writes the benchmark into {@code output} (created; must be empty or absent). Source videos
   * shorter than one window are skipped and listed in {@link Made#skipped()}.
   */
  public static Made make(List<Path> videos, Path output, SpeedDirectionSettings settings) throws IOException {
    if (Files.isDirectory(output)) {
      try (var s = Files.list(output)) {
        if (s.findAny().isPresent()) {
          throw new IOException(output + " is not empty");
        }
      }
    }
    List<Path> sources = new ArrayList<>(videos);
    sources.sort(Path::compareTo);
    List<String> classes = classes();
    List<List<Mat>> windows = new ArrayList<>();
    List<String> usable = new ArrayList<>();
    List<List<List<Mat>>> perSource = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    try {
      for (Path video : sources) {
        List<Mat> frames = VideoFrames.decode(video, settings.shortSide(), settings.windowFrames() * settings.maxWindowsPerVideo());
        int n = frames.size() / settings.windowFrames();
        if (n == 0) {
          skipped.add(video.getFileName() + " (" + frames.size() + " frames, one window needs " + settings.windowFrames() + ")");
          frames.forEach(Mat::close);
          continue;
        }
        List<List<Mat>> w = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          w.add(frames.subList(i * settings.windowFrames(), (i + 1) * settings.windowFrames()));
        }
        for (int i = n * settings.windowFrames(); i < frames.size(); i++) {
          frames.get(i).close();
        }
        usable.add(video.getFileName().toString());
        perSource.add(w);
        windows.addAll(w);
      }
      if (usable.size() < 2) {
        throw new IOException("the speed/direction benchmark needs at least two source videos with " + settings.windowFrames()
            + " frames; usable: " + usable + ", skipped: " + skipped);
      }
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < usable.size(); i++) {
        order.add(i);
      }
      Collections.shuffle(order, new java.util.Random(settings.seed()));
      int testCount = Math.max(1, (int) Math.round(usable.size() * settings.testFraction()));
      boolean[] test = new boolean[usable.size()];
      for (int i = 0; i < testCount; i++) {
        test[order.get(i)] = true;
      }
      Path lists = output.resolve("ucfTrainTestlist");
      Files.createDirectories(lists);
      StringBuilder classInd = new StringBuilder();
      for (int c = 0; c < classes.size(); c++) {
        classInd.append(c + 1).append(' ').append(classes.get(c)).append('\n');
        Files.createDirectories(output.resolve(classes.get(c)));
      }
      StringBuilder trainList = new StringBuilder();
      StringBuilder testList = new StringBuilder();
      int trainClips = 0;
      int testClips = 0;
      List<String> trainSources = new ArrayList<>();
      List<String> testSources = new ArrayList<>();
      for (int g = 0; g < usable.size(); g++) {
        (test[g] ? testSources : trainSources).add(usable.get(g));
        List<List<Mat>> w = perSource.get(g);
        for (int i = 0; i < w.size(); i++) {
          for (int c = 0; c < classes.size(); c++) {
            int speed = SpeedDirectionSettings.SPEEDS[c / 2];
            boolean reverse = c % 2 == 1;
            String name = String.format(Locale.ROOT, "%s/v_%s_g%02d_c%02d.avi", classes.get(c), classes.get(c), g + 1, i + 1);
            MjpegAvi.write(output.resolve(name), clip(w.get(i), speed, reverse, settings.clipFrames()), settings.fps());
            if (test[g]) {
              testList.append(name).append('\n');
              testClips++;
            } else {
              trainList.append(name).append(' ').append(c + 1).append('\n');
              trainClips++;
            }
          }
        }
      }
      Files.writeString(lists.resolve("classInd.txt"), classInd, StandardCharsets.UTF_8);
      Files.writeString(lists.resolve("trainlist01.txt"), trainList, StandardCharsets.UTF_8);
      Files.writeString(lists.resolve("testlist01.txt"), testList, StandardCharsets.UTF_8);
      StringBuilder readme = new StringBuilder("speed/direction benchmark made by constcl datasets make-speed-direction\n")
          .append("settings: ").append(settings).append('\n')
          .append("train sources: ").append(trainSources).append('\n')
          .append("test sources: ").append(testSources).append('\n')
          .append("skipped: ").append(skipped).append('\n');
      Files.writeString(output.resolve("README.txt"), readme, StandardCharsets.UTF_8);
      return new Made(classes, trainSources, testSources, trainClips, testClips, skipped);
    } finally {
      for (List<Mat> w : windows) {
        w.forEach(Mat::close);
      }
    }
  }

  /** The window's frames at {@code speed}, forward or reversed, {@code frames} long. */
  static <T> List<T> clip(List<T> window, int speed, boolean reverse, int frames) {
    List<T> out = new ArrayList<>(frames);
    for (int i = 0; i < frames; i++) {
      out.add(window.get(i * speed));
    }
    if (reverse) {
      Collections.reverse(out);
    }
    return out;
  }
}
