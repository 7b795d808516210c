package org.constcl.workflows.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.constcl.eval.benchmark.BenchmarkProtocol;
import org.constcl.eval.benchmark.DatasetFacts;
import org.constcl.eval.benchmark.PretrainingGeometry;
import org.constcl.tfmodel.trainer.TrainConfig;
import org.constcl.workflows.experiment.Cell;
import org.constcl.workflows.experiment.Experiment;
import org.constcl.workflows.experiment.ExperimentSchema;
import org.constcl.workflows.experiment.ExperimentSettings;
import org.constcl.workflows.stage.BenchmarkStage;
import org.constcl.workflows.stage.DatasetIngestStage;
import org.constcl.workflows.stage.DatasetMakeStage;
import org.constcl.workflows.stage.IngestStage;
import org.constcl.workflows.stage.ProposalsStage;
import org.constcl.workflows.stage.Stage;
import org.constcl.workflows.stage.StageRegistry;
import org.constcl.workflows.stage.TrainStage;

/**
 * Expands cells into stage instances and merges equal ones (equal key = equal instance): the
 * ingest of a dataset every cell uses runs once, so does a benchmark's dataset, and a random-init
 * baseline that does not depend on the region source. The experiment's structure (datasets →
 * pre-training → benchmarks) is here; each stage's config and each benchmark's settings come from
 * the stage and protocol registered in the {@link StageRegistry}.
 */
public final class Planner {
  private final StageRegistry stages;
  private final ExternalDigests digests;
  private final Map<String, StageInstance> byKey = new LinkedHashMap<>();

  public Planner(StageRegistry stages, ExternalDigests digests) {
    this.stages = stages;
    this.digests = digests;
  }

  public Plan plan(Experiment e) {
    Map<String, Map<String, StageInstance>> roles = new LinkedHashMap<>();
    for (Cell c : e.cells()) {
      roles.put(c.id(), cell(e, c));
    }
    digests.save();
    return new Plan(e, List.copyOf(byKey.values()), roles);
  }

  private Map<String, StageInstance> cell(Experiment e, Cell c) {
    Map<String, StageInstance> r = new LinkedHashMap<>();
    JsonNode cfg = c.config();
    JsonNode pretrain = cfg.path("pretrain");
    StageInstance train = null;
    TrainConfig trainConfig = null;
    if (!pretrain.isMissingNode()) {
      String dsName = pretrain.get("dataset").asText();
      JsonNode ds = cfg.path("datasets").path(dsName);
      StageInstance ingest = add(c, stages.get(IngestStage.class), "ingest " + dsName, stages.get(IngestStage.class).config(ds),
          Map.of("videos", external(e, "datasets." + dsName + ".videos", ds.get("videos").asText())));
      r.put("ingest", ingest);
      String regions = pretrain.path("regions").asText("random");
      Map<String, StageInput> trainInputs = new LinkedHashMap<>();
      trainInputs.put("clips", new StageInput.Upstream(ingest));
      if (!regions.equals(ExperimentSchema.ONLINE_REGIONS)) {
        JsonNode p = pretrain.path("proposals");
        Map<String, StageInput> in = new LinkedHashMap<>();
        in.put("clips", new StageInput.Upstream(ingest));
        if (p.has("model")) {
          in.put("model", external(e, "pretrain.proposals.model", p.get("model").asText()));
        }
        ProposalsStage proposals = stages.get(ProposalsStage.class);
        StageInstance boxes = add(c, proposals, "proposals " + regions + " " + dsName, proposals.config(regions, p), in);
        r.put("proposals", boxes);
        trainInputs.put("boxes", new StageInput.Upstream(boxes));
      }
      if (pretrain.has("validation_dataset")) {
        String vName = pretrain.get("validation_dataset").asText();
        JsonNode vd = cfg.path("datasets").path(vName);
        IngestStage ingestStage = stages.get(IngestStage.class);
        trainInputs.put("validation", new StageInput.Upstream(add(c, ingestStage, "ingest " + vName, ingestStage.config(vd),
            Map.of("videos", external(e, "datasets." + vName + ".videos", vd.get("videos").asText())))));
      }
      trainConfig = ExperimentSettings.trainConfig(pretrain);
      TrainStage trainStage = stages.get(TrainStage.class);
      try {
        train = add(c, trainStage, "train " + regions + " seed=" + trainConfig.tree().flatten().get("train.seed"),
            trainStage.config(trainConfig), trainInputs);
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
      r.put("train", train);
    }
    PretrainingGeometry geometry = trainConfig == null ? null : new PretrainingGeometry(trainConfig.model().backbone(),
        trainConfig.model().frames(), trainConfig.data().frameStride(), trainConfig.model().size());
    for (var b : iterable(cfg.path("benchmarks").fields())) {
      benchmark(e, c, cfg, b.getKey(), b.getValue(), train, geometry, r);
    }
    return r;
  }

  /**
   * A benchmark's instances: one evaluation of the pre-trained model and optionally a random init
   * of the same spec. Its dataset is ingested into clips first for protocols that read clips, and
   * read in place otherwise (generated, or an official layout).
   */
  private void benchmark(Experiment e, Cell c, JsonNode cfg, String name, JsonNode bench, StageInstance train,
      PretrainingGeometry geometry, Map<String, StageInstance> r) {
    BenchmarkStage stage = stages.benchmark(bench.get("protocol").asText());
    BenchmarkProtocol protocol = stage.protocol();
    String dsName = bench.get("dataset").asText();
    JsonNode ds = cfg.path("datasets").path(dsName);
    Map<String, StageInput> in = new LinkedHashMap<>();
    if (protocol.info().readsClips()) {
      StageInstance clips = clips(e, c, cfg, dsName);
      for (StageInstance up : clips.upstream()) {
        r.put("dataset-source:" + name, up);
      }
      r.put("dataset:" + name, clips);
      in.put("dataset", new StageInput.Upstream(clips));
    } else {
      in.put("dataset", inPlace(e, c, cfg, dsName, "dataset:" + name, r));
    }
    if (bench.has("train_dataset")) {
      in.put("train", inPlace(e, c, cfg, bench.get("train_dataset").asText(), "train-dataset:" + name, r));
    }
    Integer fps = ds.has("make") ? stages.get(DatasetMakeStage.class).fps(ds) : ds.has("fps") ? ds.get("fps").asInt() : null;
    ObjectNode settings = protocol.plannedSettings(bench.path("settings"), geometry, new DatasetFacts(fps));
    if (train != null) {
      Map<String, StageInput> withCheckpoint = new LinkedHashMap<>(in);
      withCheckpoint.put("checkpoint", new StageInput.Upstream(train));
      r.put("eval:" + name, add(c, stage, "eval " + name + " " + train.label().substring(6), stage.config(settings, null),
          withCheckpoint));
    }
    if (bench.path("random_init").asBoolean(false)) {
      String spec = geometry == null ? "r3d50" : geometry.backbone();
      r.put("eval-random-init:" + name, add(c, stage, "eval " + name + " random-init seed=" + settings.path("seed").asText("1"),
          stage.config(settings, spec), in));
    }
  }

  /** A dataset read in place: the instance that generates it, or the official folder's content. */
  private StageInput inPlace(Experiment e, Cell c, JsonNode cfg, String dsName, String role, Map<String, StageInstance> r) {
    JsonNode ds = cfg.path("datasets").path(dsName);
    if (ds.has("make")) {
      StageInstance made = made(e, c, cfg, dsName);
      r.put(role, made);
      return new StageInput.Upstream(made);
    }
    return external(e, "datasets." + dsName + ".path", ds.get("path").asText());
  }

  private StageInstance made(Experiment e, Cell c, JsonNode cfg, String name) {
    JsonNode ds = cfg.path("datasets").path(name);
    DatasetMakeStage make = stages.get(DatasetMakeStage.class);
    return add(c, make, "make " + name, make.config(ds),
        Map.of("videos", external(e, "datasets." + name + ".videos", ds.get("videos").asText())));
  }

  /** A labelled dataset ingested into clips (generated first when it is made from videos). */
  private StageInstance clips(Experiment e, Cell c, JsonNode cfg, String name) {
    JsonNode ds = cfg.path("datasets").path(name);
    Map<String, StageInput> in = new LinkedHashMap<>();
    if (ds.has("make")) {
      in.put("dataset", new StageInput.Upstream(made(e, c, cfg, name)));
    } else {
      in.put("dataset", external(e, "datasets." + name + ".path", ds.get("path").asText()));
      for (String k : List.of("splits_dir", "train_csv", "test_csv")) {
        if (ds.has(k)) {
          in.put(k, external(e, "datasets." + name + "." + k, ds.get(k).asText()));
        }
      }
    }
    DatasetIngestStage ingest = stages.get(DatasetIngestStage.class);
    return add(c, ingest, "dataset " + name, ingest.config(ds), in);
  }

  private StageInput external(Experiment e, String key, String value) {
    Path p = e.resolvePath(key, value);
    boolean stat = key.startsWith("datasets.")
        && e.tree().root().path("datasets").path(key.split("\\.")[1]).path("identity").asText("content").equals("stat");
    return new StageInput.External(p, digests.digest(p, stat));
  }

  private StageInstance add(Cell c, Stage stage, String label, ObjectNode config, Map<String, StageInput> inputs) {
    for (String name : inputs.keySet()) {
      if (!stage.info().inputs().contains(name)) {
        throw new IllegalStateException("stage " + stage.kind() + " takes no input " + name);
      }
    }
    StageInstance fresh = new StageInstance(stage, label, config, inputs, CodeFingerprint.of(stage));
    StageInstance i = byKey.computeIfAbsent(fresh.key(), k -> fresh);
    if (!i.cells().contains(c.id())) {
      i.cells().add(c.id());
    }
    return i;
  }

  private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
    return () -> it;
  }
}
