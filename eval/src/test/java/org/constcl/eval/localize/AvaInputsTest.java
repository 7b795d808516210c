package org.constcl.eval.localize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.constcl.eval.ava.AvaProtocol;
import org.constcl.eval.ava.AvaRows;
import org.constcl.eval.ava.LabelMap;
import org.constcl.eval.testing.FrameDumps;
import org.constcl.transforms.testing.TestVideos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AVA annotation files saved on Windows, frame dumps with a damaged or missing frame, AVA-Kinetics' mixed dumps. */
class AvaInputsTest {
  @TempDir Path dir;

  @Test
  void annotationFilesWithWindowsLineEndingsAndAByteOrderMarkReadLikeUnixText() throws Exception {
    Path gt = Files.writeString(dir.resolve("gt.csv"), """
        v1,0902,0.1,0.2,0.5,0.9,12,0
        v1,0902,0.6,0.2,0.9,0.9,17,1
        v2,0903
        """);
    Path labels = Files.writeString(dir.resolve("labels.pbtxt"), """
        item {
          name: "stand"
          id: 12
        }
        item {
          name: "walk"
          id: 17
        }
        """);
    Path excluded = Files.writeString(dir.resolve("excluded.csv"), "v3,0904\n");
    var unixRows = AvaRows.groundTruth(gt, AvaProtocol.CURRENT);
    var unixFrames = AvaKeyframes.groundTruth(gt, AvaProtocol.CURRENT);
    var unixLabels = LabelMap.read(labels);
    var unixExcluded = AvaRows.excluded(excluded, AvaProtocol.CURRENT);
    for (Path p : List.of(gt, labels, excluded)) {
      FrameDumps.windowsText(p);
    }
    assertThat(Files.readAllBytes(gt)[0] & 0xff).isEqualTo(0xEF);
    assertThat(AvaRows.groundTruth(gt, AvaProtocol.CURRENT)).isEqualTo(unixRows);
    // The byte-order mark must not become part of the first video id (its key would match nothing).
    assertThat(AvaRows.groundTruth(gt, AvaProtocol.CURRENT).keys()).containsExactly(
        AvaProtocol.CURRENT.key("v1", "0902"), AvaProtocol.CURRENT.key("v2", "0903"));
    assertThat(AvaKeyframes.groundTruth(gt, AvaProtocol.CURRENT)).isEqualTo(unixFrames);
    assertThat(LabelMap.read(labels)).isEqualTo(unixLabels);
    assertThat(unixLabels.names()).containsEntry(12, "stand").containsEntry(17, "walk");
    assertThat(AvaRows.excluded(excluded, AvaProtocol.CURRENT)).isEqualTo(unixExcluded);
  }

  @Test
  void aCorruptTruncatedOrMissingFrameIsAnErrorNamingTheFile() throws Exception {
    Path video = dir.resolve("frames/vid");
    FrameDumps.write(TestVideos.get("cup.mp4"), 12, video, i -> String.format(Locale.ROOT, "vid_%06d.jpg", i + 1));
    byte[] clip = new byte[3 * 32 * 32 * 3];
    // 4 fps from second 900: second 901 is stored frame 5 (0-based 4); 3 frames, stride 2: frames 3, 5, 7.
    new AvaFrameStore(dir.resolve("frames"), 4, 900).clip("vid", 901, 3, 2, 32, clip, 0);
    assertThat(clip).containsAnyOf((byte) 1, (byte) 100, (byte) 200);

    FrameDumps.truncate(video.resolve("vid_000007.jpg"), 0.5);
    assertThatThrownBy(() -> new AvaFrameStore(dir.resolve("frames"), 4, 900).clip("vid", 901, 3, 2, 32, clip, 0))
        .hasMessage("frame " + video.resolve("vid_000007.jpg") + " cannot be decoded: truncated: no JPEG end-of-image marker");

    byte[] corrupt = Files.readAllBytes(video.resolve("vid_000003.jpg"));
    corrupt[0] = 'G';
    Files.write(video.resolve("vid_000003.jpg"), corrupt);
    assertThatThrownBy(() -> new AvaFrameStore(dir.resolve("frames"), 4, 900).clip("vid", 901, 3, 2, 32, clip, 0))
        .hasMessage("frame " + video.resolve("vid_000003.jpg") + " cannot be decoded: no JPEG start-of-image marker");

    Files.delete(video.resolve("vid_000005.jpg"));
    assertThatThrownBy(() -> new AvaFrameStore(dir.resolve("frames"), 4, 900).frameCount("vid"))
        .hasMessage(video + ": frame vid_000005.jpg is missing (the sequence goes from vid_000004.jpg to vid_000006.jpg)");
  }

  @Test
  void aVideoWhoseKeyframesAllLieBeforeTheFirstSecondIsReadFromSecondZero() throws Exception {
    // AVA-Kinetics: an AVA movie dumped from second 900 beside a Kinetics clip dumped from its start.
    FrameDumps.write(TestVideos.get("cup.mp4"), 12, dir.resolve("frames/movie"), i -> String.format(Locale.ROOT, "movie_%06d.jpg", i + 1));
    FrameDumps.write(TestVideos.get("cup.mp4"), 12, dir.resolve("frames/clip"), i -> String.format(Locale.ROOT, "clip_%06d.jpg", i + 1));
    Path gt = Files.writeString(dir.resolve("gt.csv"), """
        movie,0901,0.1,0.2,0.5,0.9,12,0
        clip,0002,0.1,0.2,0.5,0.9,12,0
        clip,0001,0.1,0.2,0.5,0.9,12,0
        """);
    var keyframes = AvaKeyframes.groundTruth(gt, AvaProtocol.CURRENT);
    var fromZero = AvaFrameStore.storedFromZero(900, keyframes);
    assertThat(fromZero).containsExactly("clip");
    AvaFrameStore store = new AvaFrameStore(dir.resolve("frames"), 4, 900, fromZero);
    assertThat(store.frameIndex("movie", 901)).isEqualTo(4);
    assertThat(store.frameIndex("clip", 2)).isEqualTo(8);
    byte[] clip = new byte[3 * 32 * 32 * 3];
    store.clip("clip", 2, 3, 2, 32, clip, 0);
    assertThat(clip).containsAnyOf((byte) 1, (byte) 100, (byte) 200);
    // Read as a movie from second 900, the clip's keyframe would lie before its first frame.
    assertThatThrownBy(() -> new AvaFrameStore(dir.resolve("frames"), 4, 900).clip("clip", 2, 3, 2, 32, clip, 0))
        .hasMessageContaining("first second 900");
  }
}
