package org.constcl.proposal.source;

import java.util.ArrayList;
import java.util.List;
import org.constcl.proposal.record.Box;

/** One-to-one greedy matching of boxes by IoU, as detection benchmarks count hits. */
final class Matching {
  private Matching() {}

  /** How many {@code truth} boxes get a distinct {@code found} box with IoU at least {@code iou}. */
  static int greedy(List<Box> truth, List<Box> found, double iou) {
    List<Box> left = new ArrayList<>(found);
    int hits = 0;
    for (Box t : truth) {
      Box best = null;
      float bestIou = (float) iou;
      for (Box f : left) {
        float v = t.iou(f);
        if (v >= bestIou) {
          best = f;
          bestIou = v;
        }
      }
      if (best != null) {
        left.remove(best);
        hits++;
      }
    }
    return hits;
  }
}
