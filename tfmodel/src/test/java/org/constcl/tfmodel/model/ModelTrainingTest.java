package org.constcl.tfmodel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/** A tiny model on a fixed batch: learning, determinism, state updates, round trips. */
class ModelTrainingTest {
  @TempDir Path dir;

  private static List<StepMetrics> train(ConstclModel m, TrainingBatch batch, int steps) {
    List<StepMetrics> out = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      out.add(m.trainStep(batch));
    }
    return out;
  }

  private static float[] movingMean(ConstclModel m, String name) {
    var v = m.variables().variable(name);
    try (Result r = m.session().runner().fetch(v).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] values = new float[(int) t.shape().size()];
      t.asRawTensor().data().asFloats().read(values);
      return values;
    }
  }

  @Test
  void lossFallsOnAFixedBatchAndMovingAveragesMove() {
    TrainingBatch batch = TinyModels.batch(1);
    try (ConstclModel m = ConstclModel.build(TinyModels.config().build())) {
      m.initialize();
      float[] before = movingMean(m, "backbone/stem/bn/moving_mean");
      List<StepMetrics> steps = train(m, batch, 40);
      float[] after = movingMean(m, "backbone/stem/bn/moving_mean");
      assertThat(after).isNotEqualTo(before);
      assertThat(steps.get(0).step()).isZero();
      assertThat(steps.get(39).step()).isEqualTo(39);
      assertThat(steps.get(0).learningRate()).isZero(); // warmup starts at 0
      assertThat(steps).allSatisfy(s -> assertThat(s.total()).isFinite());
      double first = steps.subList(0, 5).stream().mapToDouble(StepMetrics::total).average().orElseThrow();
      double last = steps.subList(35, 40).stream().mapToDouble(StepMetrics::total).average().orElseThrow();
      assertThat(last).as("mean loss of the last 5 steps vs the first 5").isLessThan(0.7 * first);
      assertThat(steps.get(39).accuracy()).isGreaterThan(steps.get(0).accuracy());
      assertThat(steps.get(39).local()).isLessThan(steps.get(0).local());
    }
  }

  @Test
  void twoRunsWithTheSameSeedAreBitIdentical() {
    TrainingBatch batch = TinyModels.batch(2);
    List<StepMetrics> a;
    List<StepMetrics> b;
    try (ConstclModel m = ConstclModel.build(TinyModels.config().build())) {
      m.initialize();
      a = train(m, batch, 6);
    }
    try (ConstclModel m = ConstclModel.build(TinyModels.config().build())) {
      m.initialize();
      b = train(m, batch, 6);
    }
    for (int i = 0; i < a.size(); i++) {
      assertThat(Float.floatToIntBits(b.get(i).total())).as("step %d", i).isEqualTo(Float.floatToIntBits(a.get(i).total()));
    }
    try (ConstclModel m = ConstclModel.build(TinyModels.config().seed(8).build())) {
      m.initialize();
      assertThat(m.trainStep(batch).total()).isNotEqualTo(a.get(0).total());
    }
  }

  @Test
  void checkpointAndSavedModelRoundTripsAreBitIdentical() throws Exception {
    TrainingBatch batch = TinyModels.batch(3);
    int n = 2 * TinyModels.CLIPS;
    float[] expected;
    try (ConstclModel m = ConstclModel.build(TinyModels.config().build())) {
      m.initialize();
      train(m, batch, 3);
      expected = m.embed(batch.clips(), n);
      m.saveCheckpoint(dir.resolve("ckpt"));
      m.exportSavedModel(dir.resolve("saved"));
    }
    try (ConstclModel m = ConstclModel.build(TinyModels.config().build())) {
      m.restoreCheckpoint(dir.resolve("ckpt"));
      assertThat(m.embed(batch.clips(), n)).isEqualTo(expected);
      // Training resumes from the saved step.
      assertThat(m.trainStep(batch).step()).isEqualTo(3);
    }
    try (SavedModelBundle bundle = SavedModelBundle.load(dir.resolve("saved").toString(), "serve");
        TUint8 clips = TUint8.tensorOf(Shape.of(n, TinyModels.FRAMES, TinyModels.SIZE, TinyModels.SIZE, 3),
            DataBuffers.of(batch.clips(), true, false));
        Result r = bundle.function(ConstclModel.SERVING_SIGNATURE).call(Map.of("clips", clips))) {
      TFloat32 emb = (TFloat32) r.get("embedding").orElseThrow();
      float[] values = new float[(int) emb.shape().size()];
      emb.asRawTensor().data().asFloats().read(values);
      assertThat(values).isEqualTo(expected);
      assertThat(((TFloat32) r.get("pooled").orElseThrow()).shape().asArray()).containsExactly(n, 128);
    }
    try (SavedModelBundle bundle = SavedModelBundle.load(dir.resolve("saved").toString(), "serve")) {
      assertThat(bundle.function(ConstclModel.FEATURES_SIGNATURE).signature().outputNames())
          .contains("stem", "res2", "res3", "res4", "res5", "res5_1");
    }
  }

  @Test
  void rejectsABatchOfTheWrongSizeAndAMissingCheckpoint() {
    try (ConstclModel m = ConstclModel.build(TinyModels.config().build())) {
      m.initialize();
      assertThatThrownBy(() -> m.trainStep(new TrainingBatch(new byte[10], new float[0], new float[0])))
          .hasMessageContaining("batch clips holds 10 values");
      assertThatThrownBy(() -> m.restoreCheckpoint(dir.resolve("none"))).hasMessageContaining("holds no checkpoint");
    }
  }

}
