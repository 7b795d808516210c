package org.constcl.workflows.stage;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.constcl.eval.benchmark.BenchmarkProtocol;
import org.constcl.workflows.experiment.ExperimentLoader;
import org.constcl.workflows.experiment.ExperimentSchema;
import org.constcl.workflows.experiment.FormatParts;

/**
 * The stage kinds the engine knows: the bound {@link Stage}s and one {@link BenchmarkStage} per
 * bound {@link BenchmarkProtocol} ({@code StagesModule}), in binding order. The planner, the
 * experiment format, the runner and the report read them from here.
 */
@Singleton
public final class StageRegistry {
  private final Map<String, Stage> byKind = new LinkedHashMap<>();
  private final Map<String, BenchmarkStage> benchmarks = new LinkedHashMap<>();
  private final ExperimentSchema schema;

  @Inject
  public StageRegistry(Set<Stage> stages, Set<BenchmarkProtocol> protocols) {
    for (Stage s : stages) {
      add(s);
    }
    for (BenchmarkProtocol p : protocols) {
      BenchmarkStage s = new BenchmarkStage(p);
      if (benchmarks.putIfAbsent(p.id(), s) != null) {
        throw new IllegalStateException("two benchmark protocols are called " + p.id());
      }
      add(s);
    }
    FormatParts parts = new FormatParts();
    byKind.values().forEach(s -> s.contribute(parts));
    this.schema = new ExperimentSchema(parts);
  }

  private void add(Stage s) {
    if (byKind.putIfAbsent(s.kind(), s) != null) {
      throw new IllegalStateException("two stages are of kind " + s.kind());
    }
  }

  /** Every stage kind, in binding order. */
  public List<Stage> all() {
    return Collections.unmodifiableList(new ArrayList<>(byKind.values()));
  }

  /** The stage of kind {@code kind}. */
  public Stage kind(String kind) {
    Stage s = byKind.get(kind);
    if (s == null) {
      throw new IllegalArgumentException("unknown stage kind " + kind + "; known: " + String.join(", ", byKind.keySet()));
    }
    return s;
  }

  /** The one bound stage of {@code type} (the core stages the planner chains). */
  public <T extends Stage> T get(Class<T> type) {
    for (Stage s : byKind.values()) {
      if (type.isInstance(s)) {
        return type.cast(s);
      }
    }
    throw new IllegalStateException("no " + type.getSimpleName() + " is bound");
  }

  /** The benchmark stage of protocol {@code id}. */
  public BenchmarkStage benchmark(String id) {
    BenchmarkStage s = benchmarks.get(id);
    if (s == null) {
      throw new IllegalArgumentException("unknown benchmark protocol '" + id + "'; known: "
          + String.join(", ", benchmarks.keySet()));
    }
    return s;
  }

  /** The registered benchmark protocols. */
  public List<BenchmarkProtocol> protocols() {
    return benchmarks.values().stream().map(BenchmarkStage::protocol).toList();
  }

  /** The experiment format these stages make. */
  public ExperimentSchema schema() {
    return schema;
  }

  /** A loader for experiment files of that format. */
  public ExperimentLoader loader() {
    return new ExperimentLoader(schema);
  }
}
