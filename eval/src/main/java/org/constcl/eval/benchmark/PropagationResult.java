package org.constcl.eval.benchmark;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Semi-supervised label propagation on frozen features, scored as DAVIS-2017 scores it.
 *
 * @param jfMean mean of J-mean and F-mean (the headline J&amp;F)
 * @param jMean region similarity, mean over objects of their per-frame mean
 * @param fMean contour accuracy, likewise
 * @param jRecall fraction of frames with J above 0.5, mean over objects
 * @param fRecall likewise for F
 * @param jDecay J's loss from the first quarter of a sequence to the last, mean over objects
 * @param fDecay likewise for F
 * @param sequences sequences scored
 * @param objects objects scored
 * @param framesPerSecond frames propagated per second (features and affinities, no decoding)
 */
public record PropagationResult(String protocol, @JsonIgnore(false) String dataset, double jfMean, double jMean, double fMean, double jRecall,
    double fRecall, double jDecay, double fDecay, int sequences, int objects, double framesPerSecond)
    implements BenchmarkResult {
  @Override
  public Map<String, Double> metrics() {
    return BenchmarkResult.ordered("j_and_f", jfMean, "j_mean", jMean, "f_mean", fMean, "j_recall", jRecall, "f_recall",
        fRecall, "j_decay", jDecay, "f_decay", fDecay, "frames_per_second", framesPerSecond);
  }

  @Override
  public List<String> tableColumns() {
    return List.of("j_and_f", "j_mean", "f_mean");
  }

  @Override
  public String headline() {
    return String.format(Locale.ROOT, "J&F %.4f (J %.4f, F %.4f) over %d objects in %d sequences, %.1f frames/s", jfMean, jMean,
        fMean, objects, sequences, framesPerSecond);
  }
}
