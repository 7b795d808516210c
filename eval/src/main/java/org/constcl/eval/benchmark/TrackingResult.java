package org.constcl.eval.benchmark;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
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
public record TrackingResult(
    @JsonProperty("protocol") String protocol,
    @JsonProperty("auc") double auc,
    @JsonProperty("precision_20px") double precisionAt20,
    @JsonProperty("success_0.5") double successAt05,
    @JsonProperty("frames_per_second") double framesPerSecond,
    @JsonProperty("steps") long steps,
    @JsonProperty("final_loss") Double finalLoss) implements BenchmarkResult {
  @Override
  public String type() {
    return "tracking";
  }

  @Override
  public Map<String, Double> metrics() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("auc", auc);
    m.put("precision_20px", precisionAt20);
    m.put("success_0.5", successAt05);
    m.put("frames_per_second", framesPerSecond);
    m.put("final_loss", finalLoss == null ? Double.NaN : finalLoss);
    return m;
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
