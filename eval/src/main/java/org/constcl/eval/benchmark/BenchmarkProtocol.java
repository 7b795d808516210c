package org.constcl.eval.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.constcl.eval.run.EvalException;

/**
 * A downstream benchmark: what it evaluates on, the settings it takes with their defaults, how it
 * runs, and the typed result it reports. One implementation per protocol; the experiment engine
 * reads everything it needs from here (its schema, the planned settings, the command it runs, the
 * result, its command), so adding a benchmark is one class and one binding.
 */
public interface BenchmarkProtocol {
  /** Its name, inputs, dataset kinds, result type and the rest of what does not run. */
  ProtocolInfo info();

  /** The name experiment files and {@code constcl eval <id>} use, e.g. {@code linear}. */
  default String id() {
    return info().id();
  }

  /** Every setting it takes (command-line flag: the key with dashes), those an experiment file may give marked so. */
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

  /** The result a finished run wrote into {@code folder}. */
  default BenchmarkResult read(Path folder) throws IOException {
    return BenchmarkResults.read(folder, info().resultType());
  }
}
