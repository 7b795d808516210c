package org.constcl.transforms.clip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentPlannerTest {
  /** n frames at 10 fps. */
  private static long[] frames(int n) {
    long[] ts = new long[n];
    for (int i = 0; i < n; i++) {
      ts[i] = i * 100_000L;
    }
    return ts;
  }

  @Test
  void splitsIntoTheFewestSegmentsOfBalancedLength() {
    List<SegmentPlan> plans = SegmentPlanner.plan(frames(795), null, null, 1, 300);
    assertThat(plans).extracting(SegmentPlan::frameCount).containsExactly(265, 265, 265);
    assertThat(plans).extracting(SegmentPlan::startFrame).containsExactly(0, 265, 530);
    assertThat(plans).allMatch(p -> p.numSegments() == 3);
    assertThat(SegmentPlanner.plan(frames(301), null, null, 1, 300))
        .extracting(SegmentPlan::frameCount).containsExactly(151, 150);
    assertThat(SegmentPlanner.plan(frames(300), null, null, 1, 300)).hasSize(1);
  }

  @Test
  void strideKeepsEveryKthFrameAndTheWindowListsAllFrames() {
    List<SegmentPlan> plans = SegmentPlanner.plan(frames(10), null, null, 3, 100);
    SegmentPlan p = plans.get(0);
    assertThat(p.frameCount()).isEqualTo(4); // frames 0, 3, 6, 9
    assertThat(p.keptTimestampsUs()).containsExactly(0, 300_000, 600_000, 900_000);
    assertThat(p.windowTimestampsUs()).hasSize(10);
    assertThat(p.lastFrame()).isEqualTo(9);
  }

  @Test
  void stridedSegmentsContinueWhereThePreviousEnded() {
    List<SegmentPlan> plans = SegmentPlanner.plan(frames(20), null, null, 2, 4);
    // 10 kept frames (0,2,...,18) in 3 segments of 4, 3, 3
    assertThat(plans).extracting(SegmentPlan::frameCount).containsExactly(4, 3, 3);
    assertThat(plans).extracting(SegmentPlan::startFrame).containsExactly(0, 8, 14);
    assertThat(plans.get(2).keptTimestampsUs()).containsExactly(1_400_000, 1_600_000, 1_800_000);
  }

  @Test
  void timeRangeIsRelativeToTheFirstFrameAndEndExclusive() {
    long[] ts = frames(100);
    for (int i = 0; i < ts.length; i++) {
      ts[i] += 5_000_000; // stream starts at 5 s
    }
    List<SegmentPlan> plans = SegmentPlanner.plan(ts, 1.0, 2.0, 1, 300);
    assertThat(plans).hasSize(1);
    assertThat(plans.get(0).startFrame()).isEqualTo(10);
    assertThat(plans.get(0).frameCount()).isEqualTo(10);
  }

  @Test
  void aRangeOutsideTheVideoSelectsNothing() {
    assertThat(SegmentPlanner.plan(frames(10), 5.0, 6.0, 1, 300)).isEmpty();
  }

  @Test
  void strideForTargetFpsRounds() {
    assertThat(SegmentPlanner.strideForTargetFps(30, 10)).isEqualTo(3);
    assertThat(SegmentPlanner.strideForTargetFps(29.97, 15)).isEqualTo(2);
    assertThat(SegmentPlanner.strideForTargetFps(10, 25)).isEqualTo(1);
    assertThat(SegmentPlanner.strideForTargetFps(25, 0)).isEqualTo(1);
  }

  @Test
  void frameSizeKeepsAspectWithAnEvenLongSide() {
    assertThat(FrameSize.scaleToShortSide(768, 576, 256)).isEqualTo(new FrameSize(342, 256));
    assertThat(FrameSize.scaleToShortSide(568, 320, 256)).isEqualTo(new FrameSize(454, 256));
    assertThat(FrameSize.scaleToShortSide(480, 640, 256)).isEqualTo(new FrameSize(256, 342));
    assertThat(FrameSize.scaleToShortSide(160, 120, 256)).isEqualTo(new FrameSize(342, 256));
    assertThat(FrameSize.scaleToShortSide(401, 301, 0)).isEqualTo(new FrameSize(401, 301));
  }
}
