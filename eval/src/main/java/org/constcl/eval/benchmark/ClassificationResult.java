package org.constcl.eval.benchmark;

import com.fasterxml.jackson.annotation.JsonIgnore;
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
public record ClassificationResult(String protocol, @JsonIgnore(false) String dataset, double top1, double top5, double meanClassAccuracy,
    double chanceTop1, long scoredVideos, int rejectedVideos, double finalLoss) implements BenchmarkResult {
  @Override
  public Map<String, Double> metrics() {
    return BenchmarkResult.ordered("top1", top1, "top5", top5, "mean_class_accuracy", meanClassAccuracy, "chance_top1",
        chanceTop1);
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
