package org.constcl.tfmodel.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contrastive objective on held-out clips (inference statistics, no update).
 *
 * @param globalLoss NT-Xent between the two views of each clip (both directions summed)
 * @param globalAccuracy fraction of view-a clips whose nearest view-b embedding is their own
 * @param localLoss the local instance loss (directions averaged)
 * @param localAccuracy fraction of valid translated regions whose positive outscores every negative
 */
public record ValidationMetrics(double globalLoss, double globalAccuracy, double localLoss, double localAccuracy) {
  /** The mean of several batches' metrics. */
  public static ValidationMetrics mean(Iterable<ValidationMetrics> batches) {
    double gl = 0;
    double ga = 0;
    double ll = 0;
    double la = 0;
    int n = 0;
    for (ValidationMetrics m : batches) {
      gl += m.globalLoss;
      ga += m.globalAccuracy;
      ll += m.localLoss;
      la += m.localAccuracy;
      n++;
    }
    if (n == 0) {
      throw new IllegalArgumentException("no validation batch");
    }
    return new ValidationMetrics(gl / n, ga / n, ll / n, la / n);
  }

  /** As the metrics log and TensorBoard name them. */
  public Map<String, Double> scalars() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("validation/global_loss", globalLoss);
    m.put("validation/global_accuracy", globalAccuracy);
    m.put("validation/local_loss", localLoss);
    m.put("validation/local_accuracy", localAccuracy);
    return m;
  }
}
