package org.constcl.workflows.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TimingsTest {
  @Test
  void countsTheSamplesWithinALimitBesideTheMedian() {
    Timings t = new Timings(new double[] {2.47, 1.65, 2.0, 1.89});
    assertEquals(1.945, t.median(), 1e-9);
    assertEquals(3, t.atMost(2.0)); // 2.0 itself is within the limit
    assertEquals(4, t.count());
    assertEquals(1.65, t.min());
    assertEquals(2.47, t.max());
  }

  @Test
  void aStagesSpreadNamesItsRangeAndHowManyRunsMetTheTarget() {
    assertEquals("1.65-2.47 s, 3 of 4 <= 2 s", StartupBenchmark.spread(new Timings(new double[] {2.47, 1.65, 2.0, 1.89})));
    assertEquals("-", StartupBenchmark.spread(new Timings(new double[0])));
  }
}
