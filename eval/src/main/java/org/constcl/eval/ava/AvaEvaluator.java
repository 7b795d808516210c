package org.constcl.eval.ava;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import org.constcl.proposal.record.Rect;

/**
 * Frame-level AVA mAP at IoU 0.5 with the official script's semantics (eval-protocols §1.3):
 * classes outside the label map dropped before the 50-per-frame cap, VOC matching where a
 * detection whose best ground truth is already matched is a false positive, all-points
 * interpolated AP, classes without ground truth left out of the mean.
 */
public final class AvaEvaluator {
  /** Detections kept per keyframe (the official capacity). */
  public static final int PER_FRAME = 50;
  public static final double IOU = 0.5;

  /**
   * @param ap per label-map class id: AP, NaN when the class has no ground truth
   * @param frames keyframes evaluated (with ground truth or detections)
   * @param ignored detections on keyframes the ground truth does not list (current protocol) or excluded
   */
  public record Result(Map<Integer, Double> ap, double meanAp, int frames, long detections, long ignored) {}

  private AvaEvaluator() {}

  public static Result evaluate(LabelMap labels, AvaRows.GroundTruth gt, List<AvaRows.Box> detections, Set<String> excluded,
      AvaProtocol protocol) {
    Set<Integer> whitelist = labels.names().keySet();
    Map<String, List<AvaRows.Box>> truth = new LinkedHashMap<>();
    for (String k : gt.keys()) {
      if (!(protocol == AvaProtocol.V2018 && excluded.contains(k))) {
        truth.put(k, new ArrayList<>());
      }
    }
    Map<Integer, Integer> nGt = new TreeMap<>();
    for (AvaRows.Box b : gt.boxes()) {
      if (whitelist.contains(b.action()) && truth.containsKey(b.key())) {
        truth.get(b.key()).add(b);
        nGt.merge(b.action(), 1, Integer::sum);
      }
    }
    // Per keyframe: whitelisted detections, at most the 50 best; a row replaces the heap's minimum
    // only when its score is strictly greater.
    Comparator<AvaRows.Box> tuple = Comparator.comparingDouble(AvaRows.Box::score).thenComparingInt(AvaRows.Box::action)
        .thenComparingDouble(AvaRows.Box::y1).thenComparingDouble(AvaRows.Box::x1)
        .thenComparingDouble(AvaRows.Box::y2).thenComparingDouble(AvaRows.Box::x2);
    Map<String, PriorityQueue<AvaRows.Box>> heaps = new LinkedHashMap<>();
    long ignored = 0;
    long used = 0;
    for (AvaRows.Box d : detections) {
      if (!whitelist.contains(d.action())) {
        continue;
      }
      boolean known = protocol == AvaProtocol.CURRENT ? truth.containsKey(d.key()) : !excluded.contains(d.key());
      if (!known) {
        ignored++;
        continue;
      }
      PriorityQueue<AvaRows.Box> heap = heaps.computeIfAbsent(d.key(), k -> new PriorityQueue<>(tuple));
      if (heap.size() < PER_FRAME) {
        heap.add(d);
      } else if (d.score() > heap.peek().score()) {
        heap.poll();
        heap.add(d);
      }
    }
    Map<Integer, List<double[]>> scored = new HashMap<>(); // class -> (score, tp) in frame order
    for (Map.Entry<String, PriorityQueue<AvaRows.Box>> frame : heaps.entrySet()) {
      List<AvaRows.Box> dets = new ArrayList<>(frame.getValue());
      dets.sort(tuple.reversed());
      used += dets.size();
      List<AvaRows.Box> gts = truth.getOrDefault(frame.getKey(), List.of());
      for (int c : whitelist) {
        List<AvaRows.Box> dc = new ArrayList<>();
        for (AvaRows.Box d : dets) {
          if (d.action() == c && d.y1() < d.y2() && d.x1() < d.x2()) {
            dc.add(d);
          }
        }
        if (dc.isEmpty()) {
          continue;
        }
        List<AvaRows.Box> gc = gts.stream().filter(g -> g.action() == c).toList();
        boolean[] matched = new boolean[gc.size()];
        List<double[]> out = scored.computeIfAbsent(c, k -> new ArrayList<>());
        for (AvaRows.Box d : dc) {
          int best = -1;
          double bestIou = -1;
          for (int j = 0; j < gc.size(); j++) {
            double iou = iou(d, gc.get(j));
            if (iou > bestIou) {
              bestIou = iou;
              best = j;
            }
          }
          boolean tp = best >= 0 && bestIou >= IOU && !matched[best];
          if (tp) {
            matched[best] = true;
          }
          out.add(new double[] {d.score(), tp ? 1 : 0});
        }
      }
    }
    Map<Integer, Double> ap = new TreeMap<>();
    double sum = 0;
    int counted = 0;
    for (int c : whitelist) {
      int n = nGt.getOrDefault(c, 0);
      double a = n == 0 ? Double.NaN : averagePrecision(scored.getOrDefault(c, List.of()), n);
      ap.put(c, a);
      if (!Double.isNaN(a)) {
        sum += a;
        counted++;
      }
    }
    java.util.Set<String> frames = new java.util.HashSet<>(truth.keySet());
    frames.addAll(heaps.keySet());
    return new Result(ap, counted == 0 ? Double.NaN : sum / counted, frames.size(), used, ignored);
  }

  /** IoU of two [y1, x1, y2, x2] boxes in continuous coordinates. */
  static double iou(AvaRows.Box a, AvaRows.Box b) {
    return Rect.ofCorners(a.y1(), a.x1(), a.y2(), a.x2()).iou(Rect.ofCorners(b.y1(), b.x1(), b.y2(), b.x2()));
  }

  /** All-points interpolated AP of (score, tp) pairs against {@code nGt} ground-truth boxes. */
  static double averagePrecision(List<double[]> pairs, int nGt) {
    if (pairs.isEmpty()) {
      return 0;
    }
    // Descending score; equal scores in reverse input order (NumPy's argsort reversed).
    List<double[]> sorted = new ArrayList<>(pairs);
    sorted.sort(Comparator.comparingDouble(p -> p[0]));
    java.util.Collections.reverse(sorted);
    int n = sorted.size();
    double[] r = new double[n + 2];
    double[] p = new double[n + 2];
    double tp = 0;
    for (int i = 0; i < n; i++) {
      tp += sorted.get(i)[1];
      p[i + 1] = tp / (i + 1);
      r[i + 1] = tp / nGt;
    }
    r[n + 1] = 1;
    p[n + 1] = 0;
    for (int i = n; i >= 0; i--) {
      p[i] = Math.max(p[i], p[i + 1]);
    }
    double ap = 0;
    for (int i = 1; i <= n + 1; i++) {
      if (r[i] != r[i - 1]) {
        ap += (r[i] - r[i - 1]) * p[i];
      }
    }
    return ap;
  }
}
