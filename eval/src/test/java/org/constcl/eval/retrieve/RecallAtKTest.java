package org.constcl.eval.retrieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** recall@k on hand-made features whose rankings are worked out by hand. */
class RecallAtKTest {
  private static RecallAtK.Item item(int label, float... f) {
    return new RecallAtK.Item(label, f);
  }

  @Test
  void rankingsByCosineGiveTheHandComputedRecalls() {
    // Gallery on the unit circle at 0°, 45°, 90°, 180° with labels 0, 1, 2, 3 (scale does not matter).
    List<RecallAtK.Item> gallery = List.of(item(0, 2, 0), item(1, 1, 1), item(2, 0, 3), item(3, -1, 0));
    // Query at 10° (label 1): ranks 0°, 45°, 90°, 180° → its label second. Query at 80° (label 2): 90° first.
    // Query at 170° (label 0): 180°, 90°, 45°, 0° → fourth.
    List<RecallAtK.Item> queries = List.of(
        item(1, (float) Math.cos(Math.toRadians(10)), (float) Math.sin(Math.toRadians(10))),
        item(2, (float) Math.cos(Math.toRadians(80)), (float) Math.sin(Math.toRadians(80))),
        item(0, (float) Math.cos(Math.toRadians(170)), (float) Math.sin(Math.toRadians(170))));
    double[] r = RecallAtK.recall(queries, gallery, new int[] {1, 2, 3, 4});
    assertThat(r[0]).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(r[1]).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(r[2]).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(r[3]).isEqualTo(1.0);
    assertThat(RecallAtK.chanceAt1(queries, gallery)).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void tiesKeepGalleryOrderAndALabelMissingFromTheGalleryNeverHits() {
    // Two identical gallery features, labels 5 then 6: a query of label 6 ties and ranks 5 first.
    List<RecallAtK.Item> gallery = List.of(item(5, 1, 0), item(6, 1, 0));
    assertThat(RecallAtK.recall(List.of(item(6, 1, 0)), gallery, new int[] {1, 2})).containsExactly(0.0, 1.0);
    assertThat(RecallAtK.recall(List.of(item(9, 1, 0)), gallery, new int[] {1, 20})).containsExactly(0.0, 0.0);
  }

  @Test
  void perfectRetrievalScoresOne() {
    List<RecallAtK.Item> gallery = List.of(item(0, 1, 0, 0), item(1, 0, 1, 0), item(2, 0, 0, 1));
    assertThat(RecallAtK.recall(gallery, gallery, RecallAtK.KS)).containsExactly(1.0, 1.0, 1.0, 1.0);
  }

  @Test
  void emptySidesAndMismatchedWidthsAreErrors() {
    assertThatThrownBy(() -> RecallAtK.recall(List.of(), List.of(item(0, 1)), RecallAtK.KS)).hasMessageContaining("0 queries");
    assertThatThrownBy(() -> RecallAtK.recall(List.of(item(0, 1, 0)), List.of(item(0, 1)), RecallAtK.KS))
        .hasMessageContaining("different widths");
  }
}
