package org.constcl.workflows.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.constcl.eval.benchmark.BenchmarkProtocol;
import org.constcl.eval.benchmark.BenchmarkResult;
import org.constcl.eval.benchmark.BenchmarkResults;
import org.constcl.eval.benchmark.SettingSpec;
import org.constcl.workflows.engine.RunOptions;
import org.constcl.workflows.experiment.FormatParts;
import org.constcl.workflows.experiment.FormatParts.Field;
import org.constcl.workflows.experiment.FormatParts.Kind;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.store.Artifact;

/**
 * A downstream benchmark as a stage: one per registered {@link BenchmarkProtocol}, of kind {@code
 * eval-<protocol>}. It runs {@code constcl eval run <protocol>} with the instance's inputs, the
 * pre-trained run (or a random init) and the planned settings; its result is the protocol's typed
 * {@link BenchmarkResult}.
 */
public final class BenchmarkStage implements Stage {
  private final BenchmarkProtocol protocol;

  public BenchmarkStage(BenchmarkProtocol protocol) {
    this.protocol = protocol;
  }

  public BenchmarkProtocol protocol() {
    return protocol;
  }

  @Override
  public String kind() {
    return "eval-" + protocol.id();
  }

  @Override
  public Resource resource() {
    return Resource.TENSORFLOW;
  }

  @Override
  public boolean resumable() {
    return protocol.resumable();
  }

  @Override
  public List<String> modules() {
    return List.of("transforms", "proposal", "tfmodel", "eval");
  }

  @Override
  public String command() {
    return "EvalRunCommand";
  }

  @Override
  public List<String> inputs() {
    return List.of("dataset", "train", "checkpoint");
  }

  @Override
  public String doneMarker() {
    return BenchmarkResults.FILE;
  }

  @Override
  public void contribute(FormatParts parts) {
    List<Field> settings = new ArrayList<>();
    for (SettingSpec s : protocol.settings()) {
      if (s.experiment()) {
        settings.add(new Field(s.key(), Kind.valueOf(s.type().name()), s.description(), s.choices()));
      }
    }
    parts.benchmark(protocol.id(), protocol.description(), settings, protocol.datasetKind(),
        protocol.trainDatasetKind().orElse(null));
    protocol.formats().forEach(parts::format);
  }

  /** The config of an instance: the protocol, its planned settings and, for a baseline, the random-init spec. */
  public ObjectNode config(ObjectNode settings, String randomInit) {
    ObjectNode ec = CanonicalJson.JSON.createObjectNode();
    ec.put("protocol", protocol.id());
    if (randomInit != null) {
      ec.put("random_init", randomInit);
    }
    ec.set("settings", settings);
    return ec;
  }

  @Override
  public List<String> arguments(StageInstance i, Map<String, Artifact> inputs, Path work, Path scratch, RunOptions run) {
    JsonNode c = i.config();
    List<String> a = new ArrayList<>(List.of("eval", "run", protocol.id()));
    for (String name : List.of("dataset", "train")) {
      if (i.inputs().containsKey(name)) {
        a.addAll(List.of("--input", name + "=" + StageArguments.input(i, inputs, name)));
      }
    }
    if (inputs.containsKey("checkpoint")) {
      a.addAll(List.of("--checkpoint", inputs.get("checkpoint").dir().toString()));
    } else {
      a.addAll(List.of("--random-init", c.get("random_init").asText()));
    }
    a.addAll(List.of("--output", work.toString(), "--settings", CanonicalJson.text(c.path("settings"))));
    if (protocol.usesBeam()) {
      a.addAll(run.beamArgs());
    }
    return a;
  }

  @Override
  public StageResult result(Path artifact) throws IOException {
    BenchmarkResult r = protocol.read(artifact);
    return new StageResult(r.metrics(), r.tableColumns());
  }
}
