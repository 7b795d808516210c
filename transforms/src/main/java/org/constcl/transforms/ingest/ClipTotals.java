package org.constcl.transforms.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Sums of per-record numbers over a clip dataset, and the records whose frames differ from what
 * the container listed (the first {@link #MAX_LISTED} by clip id are kept by name; all are counted).
 */
final class ClipTotals implements Serializable {
  static final int MAX_LISTED = 1000;

  long records;
  long frames;
  long frameBytes;
  long shortRecords;
  long missingFrames;
  long unlistedFrames;
  long incompleteRecords;
  List<ClipStats> incomplete = new ArrayList<>();

  @Override
  public boolean equals(Object o) {
    return o instanceof ClipTotals t
        && records == t.records
        && frames == t.frames
        && frameBytes == t.frameBytes
        && shortRecords == t.shortRecords
        && missingFrames == t.missingFrames
        && unlistedFrames == t.unlistedFrames
        && incompleteRecords == t.incompleteRecords
        && incomplete.equals(t.incomplete);
  }

  @Override
  public int hashCode() {
    return Objects.hash(records, frames, frameBytes, shortRecords, missingFrames, incompleteRecords);
  }

  /** Combines {@link ClipStats} into totals; the result does not depend on input order. */
  static final class Fn extends Combine.CombineFn<ClipStats, ClipTotals, ClipTotals> {
    @Override
    public ClipTotals createAccumulator() {
      return new ClipTotals();
    }

    @Override
    public ClipTotals addInput(ClipTotals acc, ClipStats s) {
      acc.records++;
      acc.frames += s.frames();
      acc.frameBytes += s.frameBytes();
      acc.shortRecords += s.shortVideo() ? 1 : 0;
      acc.unlistedFrames += s.unlistedFrames();
      if (s.missingFrames() > 0 || s.unlistedFrames() > 0) {
        acc.missingFrames += s.missingFrames();
        acc.incompleteRecords++;
        acc.incomplete.add(s);
        trim(acc);
      }
      return acc;
    }

    @Override
    public ClipTotals mergeAccumulators(Iterable<ClipTotals> accs) {
      ClipTotals m = new ClipTotals();
      for (ClipTotals a : accs) {
        m.records += a.records;
        m.frames += a.frames;
        m.frameBytes += a.frameBytes;
        m.shortRecords += a.shortRecords;
        m.missingFrames += a.missingFrames;
        m.unlistedFrames += a.unlistedFrames;
        m.incompleteRecords += a.incompleteRecords;
        m.incomplete.addAll(a.incomplete);
      }
      trim(m);
      return m;
    }

    @Override
    public ClipTotals extractOutput(ClipTotals acc) {
      trim(acc);
      return acc;
    }

    private static void trim(ClipTotals acc) {
      acc.incomplete.sort(Comparator.comparing(ClipStats::clipId));
      if (acc.incomplete.size() > MAX_LISTED) {
        acc.incomplete = new ArrayList<>(acc.incomplete.subList(0, MAX_LISTED));
      }
    }
  }
}
