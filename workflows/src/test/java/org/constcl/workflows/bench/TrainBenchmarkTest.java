package org.constcl.workflows.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.constcl.tfmodel.trainer.TrainConfig;
import org.junit.jupiter.api.Test;

/** The training benchmark's workloads, its overrides and the machine line it prints. */
class TrainBenchmarkTest {
  @Test
  void theSplitWorkloadIsThePresetWithACorePerSide() {
    TrainConfig preset = TrainBenchmark.workload("cpu-small");
    TrainConfig split = TrainBenchmark.workload("cpu-small-split");
    assertThat(preset.model().threads()).isEqualTo(Runtime.getRuntime().availableProcessors()); // 0: one per core
    assertThat(preset.data().threads()).isEqualTo(2);
    assertThat(split.model().threads()).isEqualTo(1);
    assertThat(split.data().threads()).isEqualTo(1);
    assertThat(split.data().clipsPerBatch()).isEqualTo(preset.data().clipsPerBatch());
    assertThat(split.model().spec().name()).isEqualTo(preset.model().spec().name());
  }

  @Test
  void overridesApplyToAnyWorkloadAndBadOnesAreNamed() {
    TrainConfig c = TrainBenchmark.workload("r3d50-8x112", Map.of("data.loader_threads", "3", "train.threads", "2"));
    assertThat(c.data().threads()).isEqualTo(3);
    assertThat(c.model().threads()).isEqualTo(2);
    assertThatThrownBy(() -> TrainBenchmark.workload("cpu-large")).hasMessageContaining("unknown workload cpu-large");
    assertThatThrownBy(() -> TrainBenchmark.workload("cpu-small", Map.of("data.no_such_key", "1")))
        .hasMessageContaining("no_such_key");
  }

  @Test
  void theMachineLineReportsCapacityFromARealMeasurement() throws Exception {
    CoreCapacity.Result c = CoreCapacity.measure(1);
    assertThat(c.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(c.singleSeconds()).isPositive();
    assertThat(c.capacity()).isEqualTo(c.threads() * c.singleSeconds() / c.parallelSeconds());
    assertThat(TrainBenchmark.capacity(c)).startsWith("machine: " + c.threads() + " cores busy at once do ")
        .contains(" x one core's work");
  }
}
