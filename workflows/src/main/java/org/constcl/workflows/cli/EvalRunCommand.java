package org.constcl.workflows.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.constcl.eval.benchmark.BenchmarkProtocol;
import org.constcl.eval.benchmark.SettingSpec;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.stage.StageRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code constcl eval run <protocol>}: any registered benchmark protocol, its inputs and settings
 * given generically. The experiment engine builds every benchmark instance with this command, so a
 * new protocol needs no command of its own.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run any registered benchmark protocol with its inputs and settings (what the experiment engine runs;"
        + " eval linear|finetune|ava|track are the same protocols with named options). --help lists the protocols."})
final class EvalRunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "<protocol>", description = "The benchmark protocol.")
  String protocol;

  @Option(names = "--input", paramLabel = "<name=path>", required = true,
      description = "An input folder: dataset=<dir> (every protocol), train=<dir> (protocols with a training set).")
  Map<String, Path> inputs = new LinkedHashMap<>();

  @Mixin BackboneInitOptions init;

  @Option(names = "--settings", paramLabel = "<json>", description = "The protocol's settings as a JSON object.")
  String settingsJson;

  @Option(names = "--set", paramLabel = "<key=value>", description = "One setting (repeatable; after --settings).")
  List<String> set = new ArrayList<>();

  @Option(names = "--output", required = true, paramLabel = "<dir>", description = "Evaluation folder.")
  Path output;

  @Mixin RunnerOptions runner;

  private final StageRegistry stages;
  private final BenchmarkRunner benchmarks;

  @Inject
  EvalRunCommand(StageRegistry stages, BenchmarkRunner benchmarks) {
    this.stages = stages;
    this.benchmarks = benchmarks;
  }

  @Override
  public Integer call() throws IOException {
    BenchmarkProtocol p;
    try {
      p = stages.benchmark(protocol).protocol();
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    for (String name : inputs.keySet()) {
      if (!name.equals("dataset") && !(name.equals("train") && p.trainDatasetKind().isPresent())) {
        throw CliException.usage("--input " + name + ": " + protocol + " takes dataset"
            + (p.trainDatasetKind().isPresent() ? " and train" : ""));
      }
    }
    if (!inputs.containsKey("dataset")) {
      throw CliException.usage("--input dataset=<dir> is required");
    }
    return benchmarks.run(p, inputs, init, settings(p), output, p.usesBeam() ? runner : null, "eval run");
  }

  private ObjectNode settings(BenchmarkProtocol p) {
    ObjectNode s = CanonicalJson.JSON.createObjectNode();
    if (settingsJson != null) {
      try {
        JsonNode parsed = CanonicalJson.JSON.readTree(settingsJson);
        if (!parsed.isObject()) {
          throw CliException.usage("--settings must be a JSON object, not " + settingsJson);
        }
        s.setAll((ObjectNode) parsed);
      } catch (IOException e) {
        throw CliException.usage("--settings is not JSON: " + e.getMessage());
      }
    }
    for (String kv : set) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw CliException.usage("--set " + kv + ": expected key=value");
      }
      String key = kv.substring(0, eq);
      SettingSpec spec = p.settings().stream().filter(x -> x.key().equals(key)).findFirst().orElse(null);
      String value = kv.substring(eq + 1);
      if (spec != null && spec.type() == SettingSpec.Type.STRING) {
        s.put(key, value);
      } else {
        try {
          s.set(key, CanonicalJson.JSON.readTree(value));
        } catch (IOException e) {
          s.put(key, value);
        }
      }
    }
    return s;
  }
}
