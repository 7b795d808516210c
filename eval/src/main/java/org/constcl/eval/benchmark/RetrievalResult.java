package org.constcl.eval.benchmark;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Nearest-neighbour video retrieval: test videos query the train videos by cosine similarity of
 * their clip features.
 *
 * @param recallAt1 fraction of queries whose nearest gallery video has their label
 * @param chanceAt1 recall@1 of a random ranking
 * @param queries test videos
 * @param gallery train videos
 */
public record RetrievalResult(String protocol, @JsonIgnore(false) String dataset, double recallAt1, double recallAt5,
    double recallAt10, double recallAt20, double chanceAt1, int queries, int gallery) implements BenchmarkResult {
  @Override
  public Map<String, Double> metrics() {
    return BenchmarkResult.ordered("recall_1", recallAt1, "recall_5", recallAt5, "recall_10", recallAt10, "recall_20",
        recallAt20, "chance_1", chanceAt1);
  }

  @Override
  public List<String> tableColumns() {
    return List.of("recall_1", "recall_5", "recall_10");
  }

  @Override
  public String headline() {
    return String.format(Locale.ROOT, "recall@1 %.4f, @5 %.4f, @10 %.4f, @20 %.4f (%d queries, %d gallery videos; chance@1"
        + " %.4f)", recallAt1, recallAt5, recallAt10, recallAt20, queries, gallery, chanceAt1);
  }
}
