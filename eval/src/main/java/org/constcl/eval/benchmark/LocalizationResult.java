package org.constcl.eval.benchmark;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Spatio-temporal action localisation: frame mAP at IoU 0.5.
 *
 * @param meanAp frame mAP@0.5 over the label map's classes
 * @param steps fine-tuning steps
 * @param finalLoss the last fine-tuning step's loss
 */
public record LocalizationResult(String protocol, double meanAp, long steps, double finalLoss)
    implements BenchmarkResult {
  @Override
  public Map<String, Double> metrics() {
    return BenchmarkResult.ordered("mAP", meanAp, "final_loss", finalLoss);
  }

  @Override
  public List<String> tableColumns() {
    return List.of("mAP", "final_loss");
  }

  @Override
  public String headline() {
    return String.format(Locale.ROOT, "frame mAP@0.5 %.4f after %d steps (final loss %.4f)", meanAp, steps, finalLoss);
  }
}
