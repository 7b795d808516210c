package org.constcl.eval.propagate;

/**
 * The DAVIS-2017 per-frame measures, with the official evaluation's semantics
 * ({@code davis2017/metrics.py}): region similarity J (IoU; 1 when both masks are empty) and
 * contour accuracy F (precision and recall of one-pixel boundaries matched within a disk of
 * {@code ceil(0.008 · image diagonal)} pixels; an empty boundary on one side gives precision 1 and
 * recall 0 or the reverse, on both sides 1), and the per-object statistics mean, recall (fraction
 * of frames above 0.5) and decay (mean of the first quarter minus mean of the last).
 */
public final class JfMeasure {
  /** The official boundary tolerance, as a fraction of the image diagonal. */
  public static final double BOUND_THRESHOLD = 0.008;

  private JfMeasure() {}

  /** Mean, recall and decay of one object's per-frame values. */
  public record Statistics(double mean, double recall, double decay) {}

  /** J: |gt ∩ prediction| / |gt ∪ prediction|, 1 when both are empty. */
  public static double jaccard(boolean[] gt, boolean[] prediction) {
    check(gt, prediction);
    long inter = 0;
    long union = 0;
    for (int i = 0; i < gt.length; i++) {
      if (gt[i] && prediction[i]) {
        inter++;
      }
      if (gt[i] || prediction[i]) {
        union++;
      }
    }
    return union == 0 ? 1.0 : (double) inter / union;
  }

  /** F with the official tolerance. */
  public static double boundaryF(boolean[] gt, boolean[] prediction, int width, int height) {
    return boundaryF(gt, prediction, width, height, BOUND_THRESHOLD);
  }

  /** F with tolerance {@code boundThreshold} (a fraction of the diagonal below 1, else pixels). */
  public static double boundaryF(boolean[] gt, boolean[] prediction, int width, int height, double boundThreshold) {
    check(gt, prediction);
    if (gt.length != width * height) {
      throw new IllegalArgumentException("masks hold " + gt.length + " pixels, not " + width + "x" + height);
    }
    int radius = (int) (boundThreshold >= 1 ? boundThreshold : Math.ceil(boundThreshold * Math.hypot(width, height)));
    boolean[] fgBoundary = boundary(prediction, width, height);
    boolean[] gtBoundary = boundary(gt, width, height);
    boolean[] fgDilated = dilate(fgBoundary, width, height, radius);
    boolean[] gtDilated = dilate(gtBoundary, width, height, radius);
    long nFg = 0;
    long nGt = 0;
    long fgMatch = 0;
    long gtMatch = 0;
    for (int i = 0; i < gt.length; i++) {
      if (fgBoundary[i]) {
        nFg++;
        if (gtDilated[i]) {
          fgMatch++;
        }
      }
      if (gtBoundary[i]) {
        nGt++;
        if (fgDilated[i]) {
          gtMatch++;
        }
      }
    }
    double precision;
    double recall;
    if (nFg == 0 && nGt > 0) {
      precision = 1;
      recall = 0;
    } else if (nFg > 0 && nGt == 0) {
      precision = 0;
      recall = 1;
    } else if (nFg == 0) {
      precision = 1;
      recall = 1;
    } else {
      precision = (double) fgMatch / nFg;
      recall = (double) gtMatch / nGt;
    }
    return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
  }

  /**
   * One-pixel boundaries of a mask, offset half a pixel towards the origin: a pixel differs from its
   * east, south or south-east neighbour (outside the image counts as background), as {@code
   * seg2bmap} computes them (last row: east only; last column: south only; the corner never).
   */
  static boolean[] boundary(boolean[] seg, int width, int height) {
    boolean[] b = new boolean[seg.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        boolean s = seg[y * width + x];
        boolean east = x + 1 < width && seg[y * width + x + 1];
        boolean south = y + 1 < height && seg[(y + 1) * width + x];
        boolean southEast = x + 1 < width && y + 1 < height && seg[(y + 1) * width + x + 1];
        boolean lastRow = y == height - 1;
        boolean lastCol = x == width - 1;
        if (lastRow && lastCol) {
          b[y * width + x] = false;
        } else if (lastRow) {
          b[y * width + x] = s ^ east;
        } else if (lastCol) {
          b[y * width + x] = s ^ south;
        } else {
          b[y * width + x] = (s ^ east) || (s ^ south) || (s ^ southEast);
        }
      }
    }
    return b;
  }

  /** Binary dilation by a disk of {@code radius} (x² + y² ≤ r²), as skimage's {@code disk} with OpenCV's dilate. */
  static boolean[] dilate(boolean[] m, int width, int height, int radius) {
    boolean[] out = new boolean[m.length];
    int r2 = radius * radius;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (!m[y * width + x]) {
          continue;
        }
        for (int dy = -radius; dy <= radius; dy++) {
          int yy = y + dy;
          if (yy < 0 || yy >= height) {
            continue;
          }
          for (int dx = -radius; dx <= radius; dx++) {
            int xx = x + dx;
            if (xx >= 0 && xx < width && dx * dx + dy * dy <= r2) {
              out[yy * width + xx] = true;
            }
          }
        }
      }
    }
    return out;
  }

  /** Mean, recall (&gt; 0.5) and decay over four bins of an object's per-frame values (NaN values ignored). */
  public static Statistics statistics(double[] perFrame) {
    double mean = nanMean(perFrame, 0, perFrame.length);
    double recall = Double.NaN;
    if (perFrame.length > 0) {
      int above = 0;
      for (double v : perFrame) {
        if (v > 0.5) {
          above++;
        }
      }
      recall = (double) above / perFrame.length;
    }
    int n = perFrame.length;
    int[] ids = new int[5];
    for (int i = 0; i < 5; i++) {
      ids[i] = (int) Math.rint(1 + i * (n - 1) / 4.0 + 1e-10) - 1;
    }
    double decay = nanMean(perFrame, ids[0], Math.min(n, ids[1] + 1)) - nanMean(perFrame, ids[3], Math.min(n, ids[4] + 1));
    return new Statistics(mean, recall, decay);
  }

  private static double nanMean(double[] v, int from, int to) {
    double sum = 0;
    int count = 0;
    for (int i = Math.max(0, from); i < to; i++) {
      if (!Double.isNaN(v[i])) {
        sum += v[i];
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  private static void check(boolean[] a, boolean[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("masks differ in size: " + a.length + " and " + b.length + " pixels");
    }
  }
}
