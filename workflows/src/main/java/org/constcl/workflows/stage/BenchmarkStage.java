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
import org.constcl.eval.benchmark.ProtocolInfo;
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
 * eval-<protocol>}. It runs {@code constcl eval <protocol>} with the instance's inputs, the
 * pre-trained run (or a random init) and the planned settings as options; its result is the
 * protocol's typed {@link BenchmarkResult}.
 */
public final class BenchmarkStage extends StageBase {
  private final BenchmarkProtocol protocol;

  public BenchmarkStage(BenchmarkProtocol protocol) {
    super(new StageInfo("eval-" + protocol.id(), Resource.TENSORFLOW, protocol.info().resumable(),
        List.of("transforms", "proposal", "tfmodel", "eval"), "ProtocolCommand",
        List.of("dataset", "train", "checkpoint"), BenchmarkResults.FILE, false));
    this.protocol = protocol;
  }

  public BenchmarkProtocol protocol() {
    return protocol;
  }

  @Override
  public void contribute(FormatParts parts) {
    List<Field> settings = new ArrayList<>();
    for (SettingSpec s : protocol.settings()) {
      if (s.experiment()) {
        settings.add(new Field(s.key(), Kind.valueOf(s.type().name()), s.description(), s.choices()));
      }
    }
    ProtocolInfo p = protocol.info();
    parts.benchmark(p.id(), p.description(), settings, p.datasetKind(), p.trainDatasetKind());
    p.formats().forEach(parts::format);
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
    List<String> a = new ArrayList<>(List.of("eval", protocol.info().command()));
    for (ProtocolInfo.Input in : protocol.info().inputs()) {
      if (i.inputs().containsKey(in.name())) {
        a.addAll(List.of(in.flag(), StageArguments.input(i, inputs, in.name()).toString()));
      }
    }
    if (inputs.containsKey("checkpoint")) {
      a.addAll(List.of("--checkpoint", inputs.get("checkpoint").dir().toString()));
    } else {
      a.addAll(List.of("--random-init", c.get("random_init").asText()));
    }
    a.addAll(List.of("--output", work.toString()));
    c.path("settings").fields().forEachRemaining(e -> {
      String flag = StageArguments.flag(e.getKey());
      if (e.getValue().isBoolean()) {
        if (e.getValue().asBoolean()) {
          a.add(flag);
        }
      } else {
        a.addAll(List.of(flag, e.getValue().asText()));
      }
    });
    if (protocol.info().usesBeam()) {
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
