package org.constcl.eval.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.constcl.eval.run.EvalException;

/**
 * A downstream benchmark: what it evaluates on, the settings it takes with their defaults, how it
 * runs, and the typed result it reports. One implementation per protocol; the experiment engine
 * reads everything it needs from here (its schema, the planned settings, the command it runs, the
 * result), so adding a benchmark is one class and one binding.
 */
public interface BenchmarkProtocol {
  /** The name experiment files and {@code constcl eval run} use, e.g. {@code linear}. */
  String id();

  /** One sentence for the schema and {@code --help}. */
  String description();

  /** The kind of dataset its {@code dataset} input must be. */
  DatasetKind datasetKind();

  /** The kind of its optional {@code train} input (a separate training set), if it takes one. */
  default Optional<DatasetKind> trainDatasetKind() {
    return Optional.empty();
  }

  /** Whether its dataset is first ingested into a labelled clip dataset (else it is read in place). */
  default boolean readsClips() {
    return false;
  }

  /** Official layouts its dataset may be given in, read in place: format name → the kind it holds. */
  default Map<String, DatasetKind> formats() {
    return Map.of();
  }

  /** Whether a run killed half-way continues from its checkpoints when run again with the same output. */
  default boolean resumable() {
    return false;
  }

  /** Whether it runs Beam pipelines (runner options apply). */
  default boolean usesBeam() {
    return false;
  }

  /** Every setting it takes, those an experiment file may give first. */
  List<SettingSpec> settings();

  /**
   * The settings an experiment's instance runs with: {@code given} plus the defaults that depend on
   * the pre-training (small models keep their pre-training's clip geometry, so that a random init of
   * the same spec is comparable) or on the dataset, and the seed.
   *
   * @param pretraining the pre-trained model's geometry, or null without pre-training
   */
  ObjectNode plannedSettings(JsonNode given, PretrainingGeometry pretraining, DatasetFacts dataset);

  /** Runs the benchmark and writes its folder ({@code metrics.json} last). */
  BenchmarkResult run(BenchmarkRequest request) throws EvalException, IOException;

  /** The type of result it reports. */
  Class<? extends BenchmarkResult> resultType();

  /** The result a finished run wrote into {@code folder}. */
  default BenchmarkResult read(Path folder) throws IOException {
    return BenchmarkResults.read(folder, resultType());
  }
}
