package org.constcl.eval.benchmark;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
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
public record LocalizationResult(
    @JsonProperty("protocol") String protocol,
    @JsonProperty("mAP") double meanAp,
    @JsonProperty("steps") long steps,
    @JsonProperty("final_loss") double finalLoss) implements BenchmarkResult {
  @Override
  public String type() {
    return "localization";
  }

  @Override
  public Map<String, Double> metrics() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("mAP", meanAp);
    m.put("final_loss", finalLoss);
    return m;
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
