package org.constcl.eval.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.constcl.tfmodel.data.CropWindow;
import org.junit.jupiter.api.Test;

/** Multi-view test positions, against hand-computed cases. */
class ClipRendererTest {
  static ClipGeometry geometry(int clips, int crops) {
    return new ClipGeometry(8, 2, 64, 64, clips, crops, new double[] {0.3, 1}, new double[] {0.5, 2});
  }

  @Test
  void temporalClipsSpanTheVideoFromFirstToLastStart() {
    try (ClipRenderer r = new ClipRenderer(geometry(10, 3))) {
      // 100 frames, a clip spans 15: starts 0 .. 85 in 9 equal steps.
      assertThat(r.testStarts(100)).containsExactly(0, 9, 19, 28, 38, 47, 57, 66, 76, 85);
      // Shorter than a clip: every clip starts at 0 (frames wrap).
      assertThat(r.testStarts(10)).containsOnly(0);
    }
    try (ClipRenderer r = new ClipRenderer(geometry(1, 1))) {
      assertThat(r.testStarts(100)).containsExactly(42);
    }
  }

  @Test
  void spatialCropsAreShortSideSquaresAtBothEndsAndTheCentre() {
    try (ClipRenderer r = new ClipRenderer(geometry(2, 3))) {
      assertThat(r.testCrops(170, 128)).containsExactly(new CropWindow(0, 0, 128, 128), new CropWindow(21, 0, 128, 128),
          new CropWindow(42, 0, 128, 128));
      assertThat(r.testCrops(128, 200)).containsExactly(new CropWindow(0, 0, 128, 128), new CropWindow(0, 36, 128, 128),
          new CropWindow(0, 72, 128, 128));
    }
    try (ClipRenderer r = new ClipRenderer(geometry(2, 1))) {
      assertThat(r.testCrops(170, 128)).isEqualTo(List.of(new CropWindow(21, 0, 128, 128)));
    }
  }
}
