package org.constcl.tfmodel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The planner's memory estimate against TensorFlow's own allocator statistics of a real step,
 * and the layout arithmetic.
 */
class LayoutPlanTest {
  @Test
  void activationsPerClipBoundWhatTheAllocatorHoldsPerClip() {
    StepMemory estimate = StepMemory.of(TinyModels.config().build());
    assertThat(estimate.activationBytesPerClip()).isPositive();
    assertThat(estimate.forwardFlopsPerClip()).isPositive();
    // A real forward and backward pass (every gradient) at 2 and 4 clips, traced: the allocator's
    // peak grows by what the kept activations of 2 more clips take.
    long two;
    long four;
    try (ConstclModel m = ConstclModel.build(TinyModels.config().clipsPerBatch(2).build())) {
      m.initialize();
      two = StepMemory.measuredPeakBytes(m, ReplicatedTrainingTest.half(TinyModels.batch(1), 0));
    }
    try (ConstclModel m = ConstclModel.build(TinyModels.config().build())) {
      m.initialize();
      four = StepMemory.measuredPeakBytes(m, TinyModels.batch(1));
    }
    assertThat(two).as("the traced step reports allocator statistics").isPositive();
    double measuredPerClip = (four - two) / 2.0;
    System.out.printf("activations per clip: estimated %d B, measured %.0f B (peaks %d, %d B)%n",
        estimate.activationBytesPerClip(), measuredPerClip, two, four);
    // Every tensor the backward pass reads, counted once, bounds what the executor keeps: it frees
    // tensors early and forwards buffers in place (measured here: the estimate is 2.5× the growth).
    assertThat(estimate.activationBytesPerClip() / measuredPerClip).isBetween(1.0, 3.0);
  }

  @Test
  void theFewestMicroBatchesThatFit() {
    StepMemory m = new StepMemory(2_000_000_000L, 1_000_000_000L, 1_000_000_000_000L);
    long gb80 = 80_000_000_000L;
    // usable: 80 − 8 − 1.07 = 70.9 GB; minus 2 GB of state leaves room for 68 clips.
    LayoutPlan plan = LayoutPlan.of(m, 1024, 8, 1, gb80, 1e14);
    assertThat(plan.perDeviceClips()).isEqualTo(128);
    assertThat(plan.microBatches()).isEqualTo(2); // 64 clips fit, 128 do not
    assertThat(plan.peakBytes()).isEqualTo(2_000_000_000L + 64 * 1_000_000_000L);
    assertThat(plan.stepSeconds()).isEqualTo(4.0 * 1e12 * 128 / 1e14);
    assertThat(plan.describe()).contains("2 micro-batches of 64").contains("distribute.micro_batches=2");
    LayoutPlan whole = LayoutPlan.of(m, 64, 8, 2, gb80, 1e14);
    assertThat(whole.microBatches()).isEqualTo(1);
    assertThat(whole.stepSeconds()).isEqualTo(3.0 * 1e12 * 4 / 1e14);
    assertThat(LayoutPlan.of(new StepMemory(2_000_000_000L, 90_000_000_000L, 1), 8, 8, 1, gb80, 1e14).fits()).isFalse();
    assertThatThrownBy(() -> LayoutPlan.of(m, 100, 8, 1, gb80, 1e14)).hasMessageContaining("multiple of the devices (8)");
  }
}
