package org.constcl.eval.benchmark;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Single-object tracking, one-pass evaluation.
 *
 * @param auc area under the success curve
 * @param precisionAt20 precision at a 20 px centre error
 * @param successAt05 fraction of frames with IoU above 0.5
 * @param framesPerSecond tracker speed (no decoding)
 * @param steps fine-tuning steps (0 without fine-tuning)
 * @param finalLoss the last fine-tuning step's loss, NaN without fine-tuning
 */
public record TrackingResult(String protocol, double auc, double precisionAt20, double successAt05,
    double framesPerSecond, long steps, Double finalLoss) implements BenchmarkResult {
  @Override
  public Map<String, Double> metrics() {
    return BenchmarkResult.ordered("auc", auc, "precision_20px", precisionAt20, "success_0.5", successAt05,
        "frames_per_second", framesPerSecond, "final_loss", finalLoss);
  }

  @Override
  public List<String> tableColumns() {
    return List.of("auc", "precision_20px", "success_0.5", "final_loss");
  }

  @Override
  public String headline() {
    return String.format(Locale.ROOT, "AUC %.4f, precision@20px %.4f, success@0.5 %.4f, %.1f frames/s after %d fine-tuning"
        + " steps", auc, precisionAt20, successAt05, framesPerSecond, steps);
  }
}
