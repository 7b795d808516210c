package org.constcl.eval.track;

import java.util.ArrayList;
import java.util.List;
import org.constcl.proposal.record.Rect;

/**
 * One-pass evaluation curves (eval-protocols §2.3-2.4): success over 21 IoU thresholds 0, 0.05, ...,
 * 1 (strict {@code >}), precision over 0..50 px centre error ({@code <=}), per sequence and averaged
 * with equal weight per sequence; AUC = mean of the success curve.
 */
public final class OpeScore {
  public static final int SUCCESS_POINTS = 21;
  public static final int PRECISION_POINTS = 51;

  /** A sequence's curves and its frame count. */
  public record Sequence(String name, double[] success, double[] precision, int frames, List<String> notes) {}

  private OpeScore() {}

  /** Success threshold k (0..20): k / 20, exact at 0.5 and 1. */
  public static double successThreshold(int k) {
    return k / 20.0;
  }

  public static Sequence score(String name, List<double[]> groundTruth, List<double[]> predictions, OtbSemantics semantics) {
    List<String> notes = new ArrayList<>();
    List<double[]> gt = groundTruth;
    List<double[]> pred = new ArrayList<>(predictions);
    if (gt.size() != pred.size()) {
      if (semantics != OtbSemantics.GOT10K) {
        throw new IllegalArgumentException(name + ": " + pred.size() + " predicted boxes for " + gt.size()
            + " ground-truth frames (the " + semantics.id() + " semantics needs equal lengths; got10k truncates)");
      }
      int n = Math.min(gt.size(), pred.size());
      notes.add("lengths differ (" + gt.size() + " ground truth, " + pred.size() + " predictions): truncated to " + n);
      gt = gt.subList(0, n);
      pred = new ArrayList<>(pred.subList(0, n));
    }
    int n = gt.size();
    if (n == 0) {
      throw new IllegalArgumentException(name + ": no frames");
    }
    if (semantics != OtbSemantics.PYSOT) {
      pred.set(0, gt.get(0).clone());
    }
    if (semantics == OtbSemantics.OTB) {
      for (int i = 1; i < n; i++) {
        double[] p = pred.get(i);
        if (Double.isNaN(p[0]) || Double.isNaN(p[1]) || Double.isNaN(p[2]) || Double.isNaN(p[3]) || p[2] <= 0 || p[3] <= 0) {
          pred.set(i, pred.get(i - 1));
        }
      }
    }
    double[] iou = new double[n];
    double[] err = new double[n];
    for (int i = 0; i < n; i++) {
      double[] g = gt.get(i);
      double[] p = pred.get(i);
      boolean invalidGt = g[0] <= 0 || g[1] <= 0 || g[2] <= 0 || g[3] <= 0;
      iou[i] = iou(g, p, semantics == OtbSemantics.GOT10K);
      err[i] = centreError(g, p);
      if (invalidGt && semantics == OtbSemantics.OTB) {
        iou[i] = -1;
        err[i] = -1;
      } else if (semantics == OtbSemantics.PYSOT) {
        if (invalidGt) {
          iou[i] = -1;
        }
        if (g[0] + (g[2] - 1) / 2 <= 0 || g[1] + (g[3] - 1) / 2 <= 0) {
          err[i] = -1;
        }
      }
    }
    double[] success = new double[SUCCESS_POINTS];
    for (int k = 0; k < SUCCESS_POINTS; k++) {
      double t = successThreshold(k);
      int c = 0;
      for (double v : iou) {
        c += v > t ? 1 : 0;
      }
      success[k] = (double) c / n;
    }
    double[] precision = new double[PRECISION_POINTS];
    for (int d = 0; d < PRECISION_POINTS; d++) {
      int c = 0;
      for (double v : err) {
        c += v <= d ? 1 : 0;
      }
      precision[d] = (double) c / n;
    }
    return new Sequence(name, success, precision, n, notes);
  }

  /** IoU of x,y,w,h boxes; NaN anywhere gives 0 (GOT additionally adds machine epsilon to the union and clips). */
  static double iou(double[] a, double[] b, boolean got) {
    Rect ra = Rect.ofXywh(a[0], a[1], a[2], a[3]);
    Rect rb = Rect.ofXywh(b[0], b[1], b[2], b[3]);
    if (got) {
      double v = ra.iou(rb, Math.ulp(1.0));
      return Double.isNaN(v) ? 0 : Math.min(1, Math.max(0, v));
    }
    double v = ra.iou(rb);
    return Double.isNaN(v) ? 0 : v;
  }

  /** Distance between OTB centres x + (w − 1)/2, y + (h − 1)/2; NaN predictions are infinitely far. */
  static double centreError(double[] g, double[] p) {
    double dx = (g[0] + (g[2] - 1) / 2) - (p[0] + (p[2] - 1) / 2);
    double dy = (g[1] + (g[3] - 1) / 2) - (p[1] + (p[3] - 1) / 2);
    double e = Math.sqrt(dx * dx + dy * dy);
    return Double.isNaN(e) ? Double.POSITIVE_INFINITY : e;
  }

  /** The dataset curves: each sequence weighs the same. */
  public static double[][] average(List<Sequence> sequences) {
    double[] s = new double[SUCCESS_POINTS];
    double[] p = new double[PRECISION_POINTS];
    for (Sequence q : sequences) {
      for (int k = 0; k < SUCCESS_POINTS; k++) {
        s[k] += q.success()[k] / sequences.size();
      }
      for (int d = 0; d < PRECISION_POINTS; d++) {
        p[d] += q.precision()[d] / sequences.size();
      }
    }
    return new double[][] {s, p};
  }

  /** Mean of a success curve (the "AUC" OTB papers report). */
  public static double auc(double[] success) {
    double a = 0;
    for (double v : success) {
      a += v;
    }
    return a / success.length;
  }
}
