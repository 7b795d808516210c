package org.constcl.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.constcl.eval.benchmark.DatasetKind;

/**
 * What the registered stages and benchmarks add to the experiment format: the keys of their
 * sections (ingest settings, generated datasets and their settings, official formats, region
 * sources, proposal and training keys, benchmark protocols and their settings) and the rules
 * that go with them (which dataset kind each protocol evaluates on, which settings apply where,
 * whether the trainer accepts a config). {@link ExperimentSchema} and the validation read only
 * this, so a plug-in changes the format by contributing here.
 */
public final class FormatParts {
  /** JSON types of a contributed key. */
  public enum Kind { STRING, INTEGER, NUMBER, BOOLEAN }

  /**
   * One key of a section.
   *
   * @param choices the allowed values of a string key (empty: any)
   */
  public record Field(String name, Kind kind, String description, List<String> choices) {}

  /** A generated dataset ({@code make:}): its settings and the kind of dataset it makes. */
  record Make(List<Field> settings, Function<JsonNode, DatasetKind> kind) {}

  /** A benchmark protocol: its settings and the kinds of its datasets. */
  record Benchmark(String description, List<Field> settings, DatasetKind dataset, DatasetKind trainDataset) {}

  final List<Field> ingest = new ArrayList<>();
  final Map<String, Make> makes = new LinkedHashMap<>();
  final Map<String, DatasetKind> formats = new LinkedHashMap<>();
  final Set<String> regions = new LinkedHashSet<>();
  final Set<String> modelRegions = new LinkedHashSet<>();
  final List<Field> proposals = new ArrayList<>();
  final List<Field> train = new ArrayList<>();
  final Set<String> trainerKeys = new LinkedHashSet<>();
  Function<JsonNode, String> trainCheck = p -> null;
  final Map<String, Benchmark> benchmarks = new LinkedHashMap<>();

  /** Keys of {@code datasets.<name>.ingest}. */
  public FormatParts ingest(List<Field> fields) {
    ingest.addAll(fields);
    return this;
  }

  /** A generated dataset {@code make: name} with its {@code settings} keys; {@code kind} reads its settings. */
  public FormatParts make(String name, List<Field> settings, Function<JsonNode, DatasetKind> kind) {
    makes.put(name, new Make(List.copyOf(settings), kind));
    return this;
  }

  /** An official layout {@code format: name} and the kind of data it holds. */
  public FormatParts format(String name, DatasetKind kind) {
    formats.put(name, kind);
    return this;
  }

  /** Values of {@code pretrain.regions}; {@code takingModel} are those that run a detector model. */
  public FormatParts regions(List<String> names, Set<String> takingModel) {
    regions.addAll(names);
    modelRegions.addAll(takingModel);
    return this;
  }

  /** Keys of {@code pretrain.proposals} besides {@code params}. */
  public FormatParts proposals(List<Field> fields) {
    proposals.addAll(fields);
    return this;
  }

  /**
   * Keys of {@code pretrain.train}, the trainer's config keys under {@code config}, and the
   * trainer's check of a cell's {@code pretrain} (an error message, or null when it accepts it).
   */
  public FormatParts train(List<Field> fields, Set<String> configKeys, Function<JsonNode, String> check) {
    train.addAll(fields);
    trainerKeys.addAll(configKeys);
    trainCheck = check;
    return this;
  }

  /** A benchmark protocol ({@code benchmarks.<name>.protocol}). */
  public FormatParts benchmark(String protocol, String description, List<Field> settings, DatasetKind dataset,
      DatasetKind trainDataset) {
    benchmarks.put(protocol, new Benchmark(description, List.copyOf(settings), dataset, trainDataset));
    return this;
  }

  /** The kind of a dataset entry, or null for plain videos. */
  DatasetKind kind(JsonNode dataset) {
    if (dataset.has("format")) {
      return formats.get(dataset.get("format").asText());
    }
    Make m = makes.get(dataset.path("make").asText(""));
    return m == null ? null : m.kind().apply(dataset.path("settings"));
  }

  /** Whether {@code key} is a settings key of {@code protocol}. */
  boolean takes(String protocol, String key) {
    Benchmark b = benchmarks.get(protocol);
    return b != null && b.settings().stream().anyMatch(f -> f.name().equals(key));
  }

  /** Whether {@code key} is a settings key of {@code make}. */
  boolean makeTakes(String make, String key) {
    Make m = makes.get(make);
    return m != null && m.settings().stream().anyMatch(f -> f.name().equals(key));
  }
}
