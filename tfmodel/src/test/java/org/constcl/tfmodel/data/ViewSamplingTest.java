package org.constcl.tfmodel.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.SplittableRandom;
import org.constcl.proposal.record.Box;
import org.junit.jupiter.api.Test;

/** View sampling (§5.1), crops and box transforms against hand-computed cases. */
class ViewSamplingTest {
  @Test
  void intervalBisectionMatchesAHandComputedSearch() {
    // m = 70, u = 0.5: k = 35 (F .75 > u) -> 17 (.4267) -> 26 (.6049) -> 21 (.51) -> 19 (.4692) -> 20 (.4898); stop.
    assertThat(ViewSampler.interval(70, 0.5)).isEqualTo(20);
    assertThat(ViewSampler.interval(70, 0.0)).isEqualTo(0);
    assertThat(ViewSampler.interval(70, 0.999999)).isEqualTo(69);
    // The density decreases linearly: small gaps are the most likely.
    int[] counts = new int[70];
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < 70_000; i++) {
      counts[ViewSampler.interval(70, rng.nextDouble())]++;
    }
    assertThat(counts[0] + counts[1] + counts[2]).isGreaterThan(5 * (counts[60] + counts[61] + counts[62]));
  }

  @Test
  void viewsAreStridedAndStartWithinTheFramesTheyNeed() {
    SplittableRandom rng = new SplittableRandom(7);
    int swapped = 0;
    for (int i = 0; i < 2000; i++) {
      int[][] v = ViewSampler.sample(100, 16, 2, rng);
      for (int[] view : v) {
        assertThat(view).hasSize(16);
        assertThat(view[0]).isBetween(0, 100 - 31);
        for (int t = 1; t < 16; t++) {
          assertThat(view[t] - view[t - 1]).isEqualTo(2);
        }
      }
      if (v[0][0] > v[1][0]) {
        swapped++;
      }
    }
    assertThat(swapped).isBetween(850, 1150);
  }

  @Test
  void shortVideosWrapAround() {
    int[][] v = ViewSampler.sample(10, 16, 2, new SplittableRandom(1));
    for (int[] view : v) {
      for (int t = 0; t < 16; t++) {
        assertThat(view[t]).isBetween(0, 9);
        assertThat(view[t]).isEqualTo((view[0] + 2 * t) % 10);
      }
    }
  }

  @Test
  void cropsRespectAreaAndAspectAndFallBackToTheWholeFrame() {
    SplittableRandom rng = new SplittableRandom(11);
    for (int i = 0; i < 1000; i++) {
      CropWindow c = CropWindow.sample(342, 256, 0.3, 1.0, 0.5, 2.0, rng);
      assertThat(c.x() + c.width()).isLessThanOrEqualTo(342);
      assertThat(c.y() + c.height()).isLessThanOrEqualTo(256);
      double area = (double) c.width() * c.height() / (342 * 256);
      assertThat(area).isBetween(0.29, 1.0);
      assertThat((double) c.width() / c.height()).isBetween(0.49, 2.02);
    }
    // A whole-frame area at aspect 3 never fits a 4:3 frame: the whole frame is used.
    assertThat(CropWindow.sample(400, 300, 1.0, 1.0, 3.0, 3.0, rng)).isEqualTo(new CropWindow(0, 0, 400, 300));
  }

  @Test
  void boxesFollowTheCropAndTheFlip() {
    // A 400x200 frame cropped at x 100..300, y 50..150 into a 100-px view.
    CropWindow crop = new CropWindow(100, 50, 200, 100);
    List<Box> boxes = List.of(
        new Box(0.25f, 0.25f, 0.75f, 0.75f, 1, null),   // x 100..300, y 50..150: the whole view
        new Box(0.25f, 0.125f, 0.5f, 0.375f, 1, null),  // x 50..150 (half outside), y 50..100
        new Box(0.0f, 0.0f, 0.2f, 0.2f, 1, null),       // x 0..80, y 0..40: outside
        new Box(0.3f, 0.5f, 0.6f, 0.501f, 1, null));    // 0.4 px wide in the frame: degenerate
    float[] out = new float[4 * 4];
    float[] masks = new float[4];
    int n = ViewBoxes.fromFrame(boxes, crop, 400, 200, false, 100, out, masks, 0, 4);
    assertThat(n).isEqualTo(2);
    assertThat(out).containsExactly(new float[] {0, 0, 1, 1, 0, 0, 0.5f, 0.25f, 0, 0, 0, 0, 0, 0, 0, 0}, offset(1e-6f));
    assertThat(masks).containsExactly(1, 1, 0, 0);
    n = ViewBoxes.fromFrame(boxes, crop, 400, 200, true, 100, out, masks, 0, 4);
    assertThat(n).isEqualTo(2);
    // Flipped: x -> 1 - x, so [0, 0.25] becomes [0.75, 1].
    assertThat(out).containsExactly(new float[] {0, 0, 1, 1, 0, 0.75f, 0.5f, 1, 0, 0, 0, 0, 0, 0, 0, 0}, offset(1e-6f));
    // Only `regions` slots: the best-ranked visible boxes fill them.
    float[] one = new float[4];
    float[] oneMask = new float[1];
    ViewBoxes.fromFrame(boxes, crop, 400, 200, false, 100, one, oneMask, 0, 1);
    assertThat(one).containsExactly(new float[] {0, 0, 1, 1}, offset(1e-6f));
  }
}
