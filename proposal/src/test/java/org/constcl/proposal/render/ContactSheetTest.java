package org.constcl.proposal.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.constcl.proposal.record.Box;
import org.constcl.proposal.record.BoxRecord;
import org.constcl.proposal.testing.ClipDatasets;
import org.constcl.transforms.record.ClipRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContactSheetTest {
  @TempDir Path dir;

  private static BoxRecord boxes(ClipRecord clip, String source, List<Integer> frames) {
    List<List<Box>> perFrame = frames.stream()
        .map(f -> List.of(new Box(0.1f, 0.1f, 0.5f, 0.5f, 1f, null), new Box(0.4f, 0.4f, 0.9f, 0.8f, 0.5f, null)))
        .toList();
    return new BoxRecord(clip.clipId(), clip.videoId(), source, "test-engine", "d", "{}", null, clip.numFrames(),
        clip.width(), clip.height(), frames, perFrame);
  }

  @Test
  void oneRowPerSourceOneColumnPerFrame() throws Exception {
    ClipRecord clip = ClipDatasets.record(ClipDatasets.vtest(), "vtest.avi#1");
    BoxRecord every4 = boxes(clip, "a", List.of(0, 4, 8, 12, 16, 20));
    BoxRecord every8 = boxes(clip, "b", List.of(0, 8, 16));
    List<Integer> frames = ContactSheet.spreadFrames(List.of(every4, every8), 3);
    assertThat(frames).containsExactly(0, 8, 16);
    Path png = dir.resolve("sheet.png");
    ContactSheet.write(clip, List.of(every4, every8), frames, 120, png);
    try (Mat img = opencv_imgcodecs.imread(png.toString())) {
      int thumbW = (int) Math.round(clip.width() * 120.0 / clip.height());
      assertThat(img.cols()).isEqualTo(3 * (thumbW + 4) + 4);
      assertThat(img.rows()).isEqualTo(2 * (120 + 18 + 4) + 4);
    }
  }

  @Test
  void framesWithoutCommonBoxesOrOutsideTheClipAreErrors() {
    ClipRecord clip = ClipDatasets.record(ClipDatasets.vtest(), "vtest.avi#1");
    assertThatThrownBy(() -> ContactSheet.spreadFrames(List.of(boxes(clip, "a", List.of(1)), boxes(clip, "b", List.of(2))), 2))
        .hasMessageContaining("carries boxes in every box dataset");
    assertThatThrownBy(() -> ContactSheet.write(clip, List.of(boxes(clip, "a", List.of(0))), List.of(9999), 100, dir.resolve("x.png")))
        .hasMessageContaining("outside clip");
  }
}
