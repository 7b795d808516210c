package org.constcl.eval.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.constcl.transforms.testing.TestVideos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The speed/direction maker on real videos: layout, split by source, frame order, determinism. */
class SpeedDirectionMakerTest {
  @TempDir Path dir;

  private static Map<String, String> digests(Path root) throws Exception {
    Map<String, String> d = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        d.put(root.relativize(p).toString(),
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
      }
    }
    return d;
  }

  @Test
  void sixClassesPerWindowSplitBySourceAndByteIdenticalReruns() throws Exception {
    List<Path> videos = List.of(TestVideos.get("tree.avi"), TestVideos.get("cup.mp4"), TestVideos.get("g1.avi"));
    SpeedDirectionSettings s = new SpeedDirectionSettings(16, 96, 2, 1.0 / 3, 1, 25);
    SpeedDirectionMaker.Made a = SpeedDirectionMaker.make(videos, dir.resolve("a"), s);
    assertThat(a.skipped()).singleElement().asString().startsWith("g1.avi (16 frames");
    // tree: 68 frames = 1 window of 64; cup: 217 frames, 2 windows at most.
    assertThat(a.trainClips() + a.testClips()).isEqualTo(6 * 3);
    assertThat(a.testSources()).hasSize(1);
    assertThat(a.trainSources()).doesNotContainAnyElementsOf(a.testSources());
    DatasetSplit split = Ucf101Splits.read(dir.resolve("a"), null, 1);
    assertThat(split.classes()).containsExactly("speed1x_forward", "speed1x_reverse", "speed2x_forward", "speed2x_reverse",
        "speed4x_forward", "speed4x_reverse");
    assertThat(split.check().missing()).isEmpty();
    for (LabelledVideo v : split.videos()) {
      // gNN is the source video: every group is on one side only.
      String group = v.path().replaceAll(".*_(g\\d+)_c\\d+\\.avi", "$1");
      assertThat(split.videos().stream().filter(w -> w.path().contains("_" + group + "_")).map(LabelledVideo::split).distinct())
          .hasSize(1);
    }
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(dir.resolve("a").resolve(split.videos().get(0).path()).toFile())) {
      g.start();
      assertThat(g.getImageHeight()).isEqualTo(96);
      assertThat(g.getLengthInVideoFrames()).isEqualTo(16);
      g.stop();
    }
    SpeedDirectionMaker.make(videos, dir.resolve("b"), s);
    assertThat(digests(dir.resolve("b"))).isEqualTo(digests(dir.resolve("a")));
    assertThatThrownBy(() -> SpeedDirectionMaker.make(videos, dir.resolve("a"), s)).hasMessageContaining("is not empty");
  }

  @Test
  void reverseAndSpeedPickTheRightFrames() {
    List<Integer> window = new java.util.ArrayList<>();
    for (int i = 0; i < 64; i++) {
      window.add(i);
    }
    assertThat(SpeedDirectionMaker.clip(window, 4, false, 16)).startsWith(0, 4, 8).endsWith(60);
    assertThat(SpeedDirectionMaker.clip(window, 2, true, 16)).startsWith(30, 28).endsWith(0);
  }
}
