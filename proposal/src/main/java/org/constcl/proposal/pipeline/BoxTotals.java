package org.constcl.proposal.pipeline;

import java.io.Serializable;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.Combine;

/** Counts over a box dataset, independent of the order clips were processed in. */
final class BoxTotals implements Serializable {
  private static final long serialVersionUID = 1L;

  long records;
  long rejected;
  long frames;
  long boxes;
  long emptyFrames;
  /** Frames by their box count. */
  final TreeMap<Integer, Long> histogram = new TreeMap<>();

  void add(ClipBoxStats s) {
    records++;
    if (s.rejected()) {
      rejected++;
    }
    for (int n : s.boxesPerFrame()) {
      frames++;
      boxes += n;
      if (n == 0) {
        emptyFrames++;
      }
      histogram.merge(n, 1L, Long::sum);
    }
  }

  void merge(BoxTotals o) {
    records += o.records;
    rejected += o.rejected;
    frames += o.frames;
    boxes += o.boxes;
    emptyFrames += o.emptyFrames;
    o.histogram.forEach((k, v) -> histogram.merge(k, v, Long::sum));
  }

  /** Sums stats into totals. */
  static final class Fn extends Combine.CombineFn<ClipBoxStats, BoxTotals, BoxTotals> {
    @Override
    public BoxTotals createAccumulator() {
      return new BoxTotals();
    }

    @Override
    public BoxTotals addInput(BoxTotals acc, ClipBoxStats s) {
      acc.add(s);
      return acc;
    }

    @Override
    public BoxTotals mergeAccumulators(Iterable<BoxTotals> accs) {
      BoxTotals t = new BoxTotals();
      for (BoxTotals a : accs) {
        t.merge(a);
      }
      return t;
    }

    @Override
    public BoxTotals extractOutput(BoxTotals acc) {
      return acc;
    }
  }
}
