package org.constcl.eval.metrics;

/** Video-level scores from per-view logits, as the reference's inference step computes them. */
public final class VideoScores {
  private VideoScores() {}

  /** Softmax of each view's logits, then the mean over views ({@code logits[view][class]}). */
  public static double[] meanSoftmax(float[][] logits) {
    double[] sum = new double[logits[0].length];
    for (float[] view : logits) {
      addSoftmax(view, sum);
    }
    for (int c = 0; c < sum.length; c++) {
      sum[c] /= logits.length;
    }
    return sum;
  }

  /** Adds the softmax of one view's {@code logits} to {@code sum} (for a streaming mean). */
  public static void addSoftmax(float[] logits, double[] sum) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    double total = 0;
    double[] e = new double[logits.length];
    for (int c = 0; c < logits.length; c++) {
      e[c] = Math.exp(logits[c] - max);
      total += e[c];
    }
    for (int c = 0; c < logits.length; c++) {
      sum[c] += e[c] / total;
    }
  }

  /**
   * Whether {@code label} is among the top {@code k} scores, counting classes tied with the k-th
   * score as inside (TensorFlow's {@code in_top_k}): fewer than k classes score strictly higher.
   */
  public static boolean inTopK(double[] scores, int label, int k) {
    double target = scores[label];
    if (Double.isNaN(target)) {
      return false;
    }
    int higher = 0;
    for (double s : scores) {
      if (s > target) {
        higher++;
      }
    }
    return higher < k;
  }

  /** The highest-scoring class (the lowest index among ties). */
  public static int argmax(double[] scores) {
    int best = 0;
    for (int c = 1; c < scores.length; c++) {
      if (scores[c] > scores[best]) {
        best = c;
      }
    }
    return best;
  }
}
