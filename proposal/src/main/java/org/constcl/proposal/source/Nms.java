package org.constcl.proposal.source;

import java.util.ArrayList;
import java.util.List;
import org.constcl.proposal.record.Box;

/** Greedy non-maximum suppression over boxes already in rank order. */
final class Nms {
  private Nms() {}

  /** Boxes in order, dropping any whose IoU with a kept one is at least {@code iou}, at most {@code max}. */
  static List<Box> suppress(List<Box> ranked, double iou, int max) {
    List<Box> kept = new ArrayList<>();
    for (Box b : ranked) {
      if (kept.size() == max) {
        break;
      }
      boolean overlaps = false;
      for (Box k : kept) {
        if (k.iou(b) >= iou) {
          overlaps = true;
          break;
        }
      }
      if (!overlaps) {
        kept.add(b);
      }
    }
    return kept;
  }
}
