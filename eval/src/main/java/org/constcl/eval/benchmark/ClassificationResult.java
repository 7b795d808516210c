package org.constcl.eval.benchmark;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A classification benchmark (linear or fine-tuned): video-level accuracy on the test split.
 *
 * @param dataset the dataset's name (an official split, or the clip folder's name)
 * @param top1 top-1 accuracy over scored test videos (mean of per-view softmax)
 * @param top5 top-5 accuracy
 * @param meanClassAccuracy mean over classes of per-class top-1
 * @param chanceTop1 1 / classes
 * @param scoredVideos test videos scored
 * @param rejectedVideos test videos that could not be read
 * @param finalLoss the last training step's loss
 */
public record ClassificationResult(
    @JsonProperty("protocol") String protocol,
    @JsonProperty("dataset") String dataset,
    @JsonProperty("top1") double top1,
    @JsonProperty("top5") double top5,
    @JsonProperty("mean_class_accuracy") double meanClassAccuracy,
    @JsonProperty("chance_top1") double chanceTop1,
    @JsonProperty("scored_videos") long scoredVideos,
    @JsonProperty("rejected_videos") int rejectedVideos,
    @JsonProperty("final_loss") double finalLoss) implements BenchmarkResult {
  @Override
  public String type() {
    return "classification";
  }

  @Override
  public Map<String, Double> metrics() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("top1", top1);
    m.put("top5", top5);
    m.put("mean_class_accuracy", meanClassAccuracy);
    m.put("chance_top1", chanceTop1);
    return m;
  }

  @Override
  public List<String> tableColumns() {
    return List.of("top1", "top5", "mean_class_accuracy");
  }

  @Override
  public String headline() {
    return String.format(Locale.ROOT, "top-1 %.4f, top-5 %.4f over %d test videos (chance %.4f)%s", top1, top5, scoredVideos,
        chanceTop1, rejectedVideos > 0 ? "; " + rejectedVideos + " test videos could not be read" : "");
  }
}
