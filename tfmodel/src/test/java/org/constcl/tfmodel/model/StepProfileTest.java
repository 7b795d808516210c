package org.constcl.tfmodel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.StepStats;

/** The step statistics summary: overlapping ops, transfers as TensorFlow labels them, idle time. */
class StepProfileTest {
  private static final String CHIEF = "/job:worker/replica:0/task:0/device:CPU:0";

  private static NodeExecStats node(String name, String label, long start, long micros) {
    return NodeExecStats.newBuilder().setNodeName(name).setTimelineLabel(label).setAllStartMicros(start)
        .setOpEndRelMicros(micros).setAllEndRelMicros(micros).build();
  }

  @Test
  void transferSizesAreReadInBothOfTensorFlowsUnits() {
    assertThat(StepProfile.transferBytes("[16384B] [206.738174Mb/s] edge_1_k from /a to /b")).isEqualTo(16384);
    assertThat(StepProfile.transferBytes("[4.0MB] [1.2Gb/s] edge_2_k from /a to /b")).isEqualTo(4L * 1048576);
    assertThat(StepProfile.transferBytes("no size")).isZero();
  }

  @Test
  void overlappingOpsCountOnceAndTheRestOfTheStepIsIdle() {
    // Ops 0-10 and 5-20 overlap (busy 20), a backward op 30-40, a transfer 40-60, step 0-100.
    StepStats stats = StepStats.newBuilder()
        .addDevStats(DeviceStepStats.newBuilder().setDevice(CHIEF)
            .addNodeStats(node("conv", "conv = Conv3D(x, w)", 1000, 10))
            .addNodeStats(node("relu", "relu = Relu(conv)", 1005, 15))
            .addNodeStats(node("gradients/conv_grad", "gradients/conv_grad = Conv3DBackpropInputV2(a, b)", 1030, 10))
            .addNodeStats(node("late", "late = NoOp()", 1090, 10)))
        .addDevStats(DeviceStepStats.newBuilder().setDevice(CHIEF)
            .addNodeStats(node("RecvTensor", "[2.0MB] [0.8Gb/s] edge_7_w from /task:1 to /task:0", 1040, 20)))
        .build();
    StepProfile p = StepProfile.of(stats, 2);
    assertThat(p.wallMillis()).isCloseTo(0.1, within(1e-9));
    assertThat(p.devices()).hasSize(1); // the device's two lists (ops, transfers) are one device
    StepProfile.DeviceTime d = p.devices().get(0);
    assertThat(d.ops()).isEqualTo(4);
    assertThat(d.busyMillis()).isCloseTo(0.040, within(1e-9)); // 0-20, 30-40, 90-100
    assertThat(d.backwardMillis()).isCloseTo(0.010, within(1e-9));
    assertThat(d.receiveMillis()).isCloseTo(0.020, within(1e-9));
    assertThat(d.idleMillis()).isCloseTo(0.040, within(1e-9)); // 20-30, 60-90
    assertThat(d.remoteBytes()).isEqualTo(2L * 1048576);
    assertThat(new ArrayList<>(d.topOps().keySet())).isEqualTo(List.of("Relu", "Conv3D"));
  }
}
