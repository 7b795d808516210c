package org.constcl.eval.localize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.constcl.tfmodel.train.LearningRateSchedule;
import org.junit.jupiter.api.Test;

/** The action head's real TensorFlow graph on a tiny backbone. */
class ActionDetectorTest {
  private static ActionHeadConfig config() {
    return new ActionHeadConfig("tiny", 4, 2, 48, 3, 2, 2, 1e-4f, 0.9f, 7, 2);
  }

  @Test
  void fittingOneBatchLowersTheLossAndScoresAreProbabilitiesPerBoxAndClass() {
    ActionHeadConfig c = config();
    byte[] clips = new byte[2 * 4 * 48 * 48 * 3];
    new SplittableRandom(3).nextBytes(clips);
    float[] boxes = {0.1f, 0.1f, 0.5f, 0.5f, 0.4f, 0.3f, 0.9f, 0.8f, 0.2f, 0.2f, 0.7f, 0.6f, 0.2f, 0.2f, 0.7f, 0.6f};
    float[] masks = {1, 1, 1, 0};
    float[] labels = {1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0};
    try (ActionDetector d = ActionDetector.build(c, new LearningRateSchedule(0.01f, 0, 100))) {
      d.initialize();
      float first = d.trainStep(clips, boxes, masks, labels).loss();
      float last = first;
      for (int i = 0; i < 14; i++) {
        last = d.trainStep(clips, boxes, masks, labels).loss();
      }
      assertThat(last).isLessThan(first);
      byte[] clip = java.util.Arrays.copyOf(clips, 4 * 48 * 48 * 3);
      float[] scores = d.scores(clip, new float[] {0.1f, 0.1f, 0.5f, 0.5f, 0.4f, 0.3f, 0.9f, 0.8f});
      assertThat(scores).hasSize(2 * 3);
      for (float s : scores) {
        assertThat(s).isBetween(0f, 1f);
      }
    }
  }

  @Test
  void seededDetectorsTrainToTheSameScores() {
    float[][] runs = new float[2][];
    for (int r = 0; r < 2; r++) {
      ActionHeadConfig c = config();
      byte[] clips = new byte[2 * 4 * 48 * 48 * 3];
      new SplittableRandom(5).nextBytes(clips);
      float[] boxes = {0.1f, 0.1f, 0.5f, 0.5f, 0.4f, 0.3f, 0.9f, 0.8f, 0.2f, 0.2f, 0.7f, 0.6f, 0.2f, 0.2f, 0.7f, 0.6f};
      try (ActionDetector d = ActionDetector.build(c, new LearningRateSchedule(0.01f, 0, 100))) {
        d.initialize();
        d.trainStep(clips, boxes, new float[] {1, 1, 1, 1}, new float[12]);
        runs[r] = d.scores(java.util.Arrays.copyOf(clips, 4 * 48 * 48 * 3), java.util.Arrays.copyOf(boxes, 8));
      }
    }
    assertThat(runs[1]).containsExactly(runs[0]);
  }
}
