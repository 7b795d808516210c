package org.constcl.eval.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A retrieval set whose label is content, not motion: every source video is a class (its scene),
 * cut into clips of consecutive frames; the train split (the gallery) takes the clips from the first
 * part of each video and the test split (the queries) those from the last part, one window apart,
 * so a query never shares frames — or the moment — with its gallery. Written in UCF101's layout
 * ({@code <Class>/v_<Class>_g01_cNN.avi}, {@code ucfTrainTestlist/}) as MJPEG AVI at 25 fps; the
 * same videos and settings give byte-identical files.
 */
public final class SceneSetMaker {
  /**
   * @param clipFrames frames per clip
   * @param shortSide frame short side in pixels
   * @param clipsPerVideo clips cut from each video at most (train and test together)
   * @param testFraction fraction of a video's clips (its last ones) in the test split
   */
  public record Settings(int clipFrames, int shortSide, int clipsPerVideo, double testFraction) {
    public Settings {
      if (clipFrames < 2 || shortSide < 32 || clipsPerVideo < 3 || !(testFraction > 0 && testFraction < 1)) {
        throw new IllegalArgumentException("need clip frames >= 2, short side >= 32, at least 3 clips per video and a test"
            + " fraction in (0, 1)");
      }
    }
  }

  /** What was written: classes (one per usable video), clips per split, and the videos too short to use. */
  public record Made(List<String> classes, int trainClips, int testClips, List<String> skipped) {}

  private SceneSetMaker() {}

  public static Made make(List<Path> videos, Path output, Settings s) throws IOException {
    PatchTextures.requireEmpty(output);
    List<Path> sources = new ArrayList<>(videos);
    sources.sort(Path::compareTo);
    List<String> classes = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    StringBuilder trainList = new StringBuilder();
    StringBuilder testList = new StringBuilder();
    int train = 0;
    int test = 0;
    Path lists = Files.createDirectories(output.resolve("ucfTrainTestlist"));
    for (Path video : sources) {
      // One window more than the clips: the gap between the splits.
      List<Mat> frames = VideoFrames.decode(video, s.shortSide(), s.clipFrames() * (s.clipsPerVideo() + 1));
      try {
        int windows = frames.size() / s.clipFrames();
        if (windows < 3) {
          skipped.add(video.getFileName() + " (" + frames.size() + " frames, need " + 3 * s.clipFrames() + ")");
          continue;
        }
        int clips = Math.min(s.clipsPerVideo(), windows - 1);
        int testClips = Math.max(1, (int) Math.round(clips * s.testFraction()));
        int trainClips = clips - testClips;
        if (trainClips < 1) {
          skipped.add(video.getFileName() + " (too short for both splits)");
          continue;
        }
        String name = className(video, classes);
        classes.add(name);
        Files.createDirectories(output.resolve(name));
        for (int c = 0; c < clips; c++) {
          boolean isTest = c >= trainClips;
          int window = isTest ? c + 1 : c; // skip the gap window
          String file = String.format(Locale.ROOT, "%s/v_%s_g01_c%02d.avi", name, name, c + 1);
          MjpegAvi.write(output.resolve(file), frames.subList(window * s.clipFrames(), (window + 1) * s.clipFrames()), 25);
          if (isTest) {
            testList.append(file).append('\n');
            test++;
          } else {
            trainList.append(file).append(' ').append(classes.size()).append('\n');
            train++;
          }
        }
      } finally {
        frames.forEach(Mat::close);
      }
    }
    if (classes.size() < 2) {
      throw new IOException("a scene set needs at least two videos with " + 3 * s.clipFrames() + " frames; skipped: " + skipped);
    }
    StringBuilder classInd = new StringBuilder();
    for (int c = 0; c < classes.size(); c++) {
      classInd.append(c + 1).append(' ').append(classes.get(c)).append('\n');
    }
    Files.writeString(lists.resolve("classInd.txt"), classInd, StandardCharsets.UTF_8);
    Files.writeString(lists.resolve("trainlist01.txt"), trainList, StandardCharsets.UTF_8);
    Files.writeString(lists.resolve("testlist01.txt"), testList, StandardCharsets.UTF_8);
    // Written last: a README says the set is complete (the experiment engine's done marker).
    Files.writeString(output.resolve("README.txt"), "Scene retrieval set made by constcl datasets make-scenes: label = source"
        + " video; train (gallery) = each video's first clips, test (queries) = its last clips, one window apart.\nsettings: "
        + s + "\nclasses: " + classes + "\nskipped: " + skipped + "\n", StandardCharsets.UTF_8);
    return new Made(List.copyOf(classes), train, test, List.copyOf(skipped));
  }

  /** A UCF-style class name from the file name: letters and digits only, capitalised, unique. */
  private static String className(Path video, List<String> taken) {
    String stem = video.getFileName().toString().replaceFirst("\\.[^.]+$", "").replaceAll("[^A-Za-z0-9]", "");
    String name = stem.isEmpty() ? "Scene" : Character.toUpperCase(stem.charAt(0)) + stem.substring(1);
    String unique = name;
    for (int i = 2; taken.contains(unique); i++) {
      unique = name + i;
    }
    return unique;
  }
}
