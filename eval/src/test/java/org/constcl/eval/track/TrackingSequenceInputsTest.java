package org.constcl.eval.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.constcl.eval.data.FrameImage;
import org.constcl.eval.testing.FrameDumps;
import org.constcl.transforms.testing.TestVideos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GOT-10k and OTB sequences as they arrive from elsewhere: damaged frames, gaps, Windows text files. */
class TrackingSequenceInputsTest {
  @TempDir Path dir;

  private Path got10k(int frames) throws Exception {
    Path seq = dir.resolve("got/train/GOT-10k_Train_000001");
    FrameDumps.write(TestVideos.get("cup.mp4"), frames, seq, i -> String.format(Locale.ROOT, "%08d.jpg", i + 1));
    StringBuilder gt = new StringBuilder();
    for (int i = 0; i < frames; i++) {
      gt.append(100 + i).append(".000,120.000,80.500,60.000\n");
    }
    Files.writeString(seq.resolve("groundtruth.txt"), gt);
    Files.writeString(seq.resolve("absence.label"), "0\n".repeat(frames - 1) + "1\n");
    Files.writeString(dir.resolve("got/train/list.txt"), "GOT-10k_Train_000001\n");
    return seq;
  }

  @Test
  void windowsLineEndingsAndAByteOrderMarkReadLikeUnixText() throws Exception {
    Path seq = got10k(6);
    TrackingSequence unix = TrackingSequence.got10k(dir.resolve("got")).get(0);
    FrameDumps.windowsText(seq.resolve("groundtruth.txt"));
    FrameDumps.windowsText(seq.resolve("absence.label"));
    FrameDumps.windowsText(dir.resolve("got/train/list.txt"));
    TrackingSequence windows = TrackingSequence.got10k(dir.resolve("got")).get(0);
    assertThat(windows.name()).isEqualTo("GOT-10k_Train_000001");
    assertThat(windows.boxes()).usingRecursiveFieldByFieldElementComparator().isEqualTo(unix.boxes());
    assertThat(windows.visible()).isEqualTo(unix.visible()).containsExactly(true, true, true, true, true, false);
  }

  @Test
  void aFrameMissingFromTheSequenceIsNamed() throws Exception {
    Path seq = got10k(6);
    Files.delete(seq.resolve("00000003.jpg"));
    assertThatThrownBy(() -> TrackingSequence.got10k(dir.resolve("got")))
        .hasMessage(seq + ": frame 00000003.jpg is missing (the sequence goes from 00000002.jpg to 00000004.jpg)");
  }

  @Test
  void aTruncatedOrCorruptFrameIsAnErrorNamingTheFile() throws Exception {
    Path seq = got10k(4);
    TrackingSequence s = TrackingSequence.got10k(dir.resolve("got")).get(0);
    try (Mat ok = FrameImage.readBgr(s.frames().get(0))) {
      assertThat(ok.cols()).isEqualTo(640);
    }
    FrameDumps.truncate(seq.resolve("00000002.jpg"), 0.6);
    assertThatThrownBy(() -> FrameImage.readBgr(s.frames().get(1)))
        .hasMessage("frame " + seq.resolve("00000002.jpg") + " cannot be decoded: truncated: no JPEG end-of-image marker");
    Files.write(seq.resolve("00000003.jpg"), "<html>not found</html>".getBytes());
    assertThatThrownBy(() -> FrameImage.readBgr(s.frames().get(2)))
        .hasMessage("frame " + seq.resolve("00000003.jpg") + " cannot be decoded: no JPEG start-of-image marker");
    Files.delete(seq.resolve("00000004.jpg"));
    assertThatThrownBy(() -> FrameImage.readBgr(s.frames().get(3)))
        .hasMessage("frame " + seq.resolve("00000004.jpg") + " is missing");
  }

  @Test
  void otbSequencesWithWindowsTextAndAGapInTheirFrames() throws Exception {
    Path seq = dir.resolve("otb/Cup");
    FrameDumps.write(TestVideos.get("cup.mp4"), 5, seq.resolve("img"), i -> String.format(Locale.ROOT, "%04d.jpg", i + 1));
    Files.writeString(seq.resolve("groundtruth_rect.txt"), "11\t21\t30\t40\n12\t22\t30\t40\n13,23,30,40\n14 24 30 40\n15,25,30,40\n");
    List<double[]> unix = TrackingSequence.otb(dir.resolve("otb")).get(0).boxes();
    FrameDumps.windowsText(seq.resolve("groundtruth_rect.txt"));
    assertThat(TrackingSequence.otb(dir.resolve("otb")).get(0).boxes()).usingRecursiveFieldByFieldElementComparator()
        .isEqualTo(unix);
    assertThat(unix.get(0)).containsExactly(10, 20, 30, 40);
    Files.delete(seq.resolve("img/0004.jpg"));
    assertThatThrownBy(() -> TrackingSequence.otb(dir.resolve("otb")))
        .hasMessageContaining("frame 0004.jpg is missing");
    Files.write(seq.resolve("groundtruth_rect.txt"), new byte[] {(byte) 0xFF, (byte) 0xFE, '1', 0});
    assertThatThrownBy(() -> BoxFile.read(seq.resolve("groundtruth_rect.txt")))
        .hasMessage(seq.resolve("groundtruth_rect.txt") + ": UTF-16 text (byte-order mark FF FE); save it as UTF-8");
  }
}
