package org.constcl.eval.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.constcl.tfmodel.backbone.R3dSpec;
import org.constcl.tfmodel.train.LearningRateSchedule;
import org.junit.jupiter.api.Test;

/** The SiamFC graph on a tiny backbone: geometry, labels, a real training step. */
class SiamFcModelTest {
  private static final LearningRateSchedule SCHEDULE = new LearningRateSchedule(0.01f, 0, 100);

  private static SiamFcConfig config(int batch) {
    return new SiamFcConfig("tiny", 63, 127, batch, 1e-4f, 0.9f, 3, 2);
  }

  @Test
  void theDilatedBackboneKeepsAnEighthOfTheInput() {
    R3dSpec spec = config(1).spec();
    assertThat(spec.stages()).extracting(R3dSpec.Stage::spatialStride).containsExactly(1, 2, 1, 1);
    assertThat(spec.stages()).extracting(R3dSpec.Stage::dilation).containsExactly(1, 1, 2, 4);
    try (SiamFcModel m = SiamFcModel.build(config(1), SCHEDULE)) {
      // 63 px → 8×8 map, centre 4×4; 127 px → 16×16 map; 'VALID' correlation: 13×13.
      assertThat(m.responseSize()).isEqualTo(13);
    }
  }

  @Test
  void positivesAndNegativesWeighHalfEach() {
    float[][] w = SiamFcModel.labelWeights(13, config(1));
    double positive = 0;
    double negative = 0;
    int positives = 0;
    for (float[] row : w) {
      for (float v : row) {
        positive += v < 0 ? -v : 0;
        negative += v > 0 ? v : 0;
        positives += v < 0 ? 1 : 0;
      }
    }
    assertThat(positive).isCloseTo(0.5, within(1e-6));
    assertThat(negative).isCloseTo(0.5, within(1e-6));
    // Radius max(16·127/255, 8) = 8 px = one cell: the centre and its four neighbours.
    assertThat(positives).isEqualTo(5);
    assertThat(w[6][6]).isNegative();
    assertThat(SiamFcModel.outScale(6, 6, 256)).isEqualTo(1e-3f);
  }

  @Test
  void trainingStepsLowerTheLossOnAFixedBatchAndTheTemplateRespondsAtEveryScale() {
    SplittableRandom r = new SplittableRandom(1);
    byte[] exemplars = new byte[4 * 63 * 63 * 3];
    byte[] searches = new byte[4 * 127 * 127 * 3];
    r.nextBytes(exemplars);
    r.nextBytes(searches);
    try (SiamFcModel m = SiamFcModel.build(config(4), SCHEDULE)) {
      m.initialize();
      float first = m.trainStep(exemplars, searches).loss();
      float last = first;
      for (int i = 0; i < 9; i++) {
        last = m.trainStep(exemplars, searches).loss();
      }
      assertThat(last).isLessThan(first);
      float[] template = m.template(java.util.Arrays.copyOf(exemplars, 63 * 63 * 3));
      float[] responses = m.respond(template, java.util.Arrays.copyOf(searches, 3 * 127 * 127 * 3), 3);
      assertThat(responses).hasSize(3 * 13 * 13);
    }
  }

  @Test
  void dilationLeavesVariableNamesAndShapesAsPreTrainingHasThem() {
    R3dSpec plain = R3dSpec.named("tiny");
    R3dSpec dilated = plain.dilated(Map.of("res4", 2));
    assertThat(dilated.stages().get(2).width()).isEqualTo(plain.stages().get(2).width());
    assertThat(dilated.name()).isEqualTo("tiny");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> plain.dilated(Map.of("res9", 2)))
        .hasMessageContaining("no stage named");
  }

  @Test
  void seededTrainingOnTwoThreadsGivesIdenticalTemplates() {
    float[][] templates = new float[2][];
    for (int run = 0; run < 2; run++) {
      SplittableRandom r = new SplittableRandom(9);
      byte[] exemplars = new byte[4 * 63 * 63 * 3];
      byte[] searches = new byte[4 * 127 * 127 * 3];
      r.nextBytes(exemplars);
      r.nextBytes(searches);
      try (SiamFcModel m = SiamFcModel.build(config(4), SCHEDULE)) {
        m.initialize();
        for (int i = 0; i < 3; i++) {
          m.trainStep(exemplars, searches);
        }
        templates[run] = m.template(java.util.Arrays.copyOf(exemplars, 63 * 63 * 3));
      }
    }
    assertThat(templates[1]).containsExactly(templates[0]);
  }
}
