package org.constcl.eval.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Video-level classification results: top-1 and top-5 accuracy (ties at the k-th score inside),
 * per-class accuracy and the confusion matrix (rows true class, columns predicted class).
 */
public final class ClassificationReport {
  private final List<String> classes;
  private final long[][] confusion;
  private long videos;
  private long top1;
  private long top5;

  public ClassificationReport(List<String> classes) {
    this.classes = List.copyOf(classes);
    this.confusion = new long[classes.size()][classes.size()];
  }

  /** Adds one video's scores (any monotone aggregation of its views) and its true label. */
  public void add(double[] scores, int label) {
    if (label < 0 || label >= classes.size()) {
      throw new IllegalArgumentException("label index " + label + " outside the " + classes.size() + " classes");
    }
    videos++;
    if (VideoScores.inTopK(scores, label, 1)) {
      top1++;
    }
    if (VideoScores.inTopK(scores, label, 5)) {
      top5++;
    }
    confusion[label][VideoScores.argmax(scores)]++;
  }

  public long videos() {
    return videos;
  }

  public double top1() {
    return videos == 0 ? Double.NaN : (double) top1 / videos;
  }

  public double top5() {
    return videos == 0 ? Double.NaN : (double) top5 / videos;
  }

  public long[][] confusion() {
    return confusion;
  }

  public List<String> classes() {
    return classes;
  }

  /** Accuracy of each class with test videos (argmax = label), by class name. */
  public Map<String, Double> perClassAccuracy() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int c = 0; c < classes.size(); c++) {
      long total = 0;
      for (long v : confusion[c]) {
        total += v;
      }
      if (total > 0) {
        m.put(classes.get(c), (double) confusion[c][c] / total);
      }
    }
    return m;
  }

  /** Mean of the per-class accuracies (classes with test videos). */
  public double meanClassAccuracy() {
    List<Double> values = new ArrayList<>(perClassAccuracy().values());
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }
}
