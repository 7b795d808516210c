package org.constcl.eval.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptions;
import org.constcl.eval.run.BackboneSource;

/**
 * One benchmark run.
 *
 * @param inputs folders by input name: {@code dataset}, and {@code train} for protocols that take a
 *     separate training set
 * @param init where the backbone starts
 * @param settings the protocol's settings ({@link BenchmarkProtocol#settings}); absent ones take defaults
 * @param output the run folder
 * @param beam Beam options for the protocol's pipelines (unused by protocols without any)
 * @param progress where progress lines go
 */
public record BenchmarkRequest(Map<String, Path> inputs, BackboneSource init, JsonNode settings, Path output, BeamJobs beam,
    PrintStream progress) {
  /** Validated Beam pipeline options for a job. */
  @FunctionalInterface
  public interface BeamJobs {
    /** @param needsTensorFlow the job runs a SavedModel on its workers (the full jar is staged) */
    PipelineOptions options(String jobName, boolean needsTensorFlow);
  }

  /** The required input {@code name}. */
  public Path input(String name) {
    Path p = inputs.get(name);
    if (p == null) {
      throw new IllegalArgumentException("the benchmark needs a " + name + " input");
    }
    return p;
  }
}
