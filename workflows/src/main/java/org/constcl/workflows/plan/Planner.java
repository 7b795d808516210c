package org.constcl.workflows.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.constcl.tfmodel.trainer.TrainConfig;
import org.constcl.workflows.experiment.Cell;
import org.constcl.workflows.experiment.Experiment;
import org.constcl.workflows.experiment.ExperimentSettings;

/**
 * Expands cells into stage instances and merges equal ones (equal key = equal instance): the
 * ingest of a dataset every cell uses runs once, so does a benchmark's dataset, and a random-init
 * baseline that does not depend on the region source.
 */
public final class Planner {
  private final ExternalDigests digests;
  private final Map<String, StageInstance> byKey = new LinkedHashMap<>();

  public Planner(ExternalDigests digests) {
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
      StageInstance ingest = add(c, StageKind.INGEST, "ingest " + dsName, copy(ds.path("ingest")),
          Map.of("videos", external(e, "datasets." + dsName + ".videos", ds.get("videos").asText())));
      r.put("ingest", ingest);
      String regions = pretrain.path("regions").asText("random");
      Map<String, StageInput> trainInputs = new LinkedHashMap<>();
      trainInputs.put("clips", new StageInput.Upstream(ingest));
      if (!regions.equals("online")) {
        JsonNode p = pretrain.path("proposals");
        ObjectNode pc = CanonicalJson.JSON.createObjectNode();
        pc.put("source", regions);
        pc.put("frame_stride", p.path("frame_stride").asInt(1));
        pc.put("seed", p.path("seed").asLong(org.constcl.proposal.source.ProposalConfig.DEFAULT_SEED));
        pc.set("params", copy(p.path("params")));
        Map<String, StageInput> in = new LinkedHashMap<>();
        in.put("clips", new StageInput.Upstream(ingest));
        if (p.has("model")) {
          in.put("model", external(e, "pretrain.proposals.model", p.get("model").asText()));
        }
        StageInstance proposals = add(c, StageKind.PROPOSALS, "proposals " + regions + " " + dsName, pc, in);
        r.put("proposals", proposals);
        trainInputs.put("boxes", new StageInput.Upstream(proposals));
      }
      trainConfig = ExperimentSettings.trainConfig(pretrain);
      ObjectNode tc = CanonicalJson.JSON.createObjectNode();
      tc.set("config", CanonicalJson.JSON.valueToTree(readTree(trainConfig.tree().toJson())));
      train = add(c, StageKind.TRAIN, "train " + regions + " seed=" + trainConfig.tree().flatten().get("train.seed"), tc,
          trainInputs);
      r.put("train", train);
    }
    for (var b : iterable(cfg.path("benchmarks").fields())) {
      String name = b.getKey();
      JsonNode bench = b.getValue();
      String protocol = bench.get("protocol").asText();
      if (protocol.equals("ava") || protocol.equals("track")) {
        downstream(e, c, cfg, name, bench, train, trainConfig, r);
        continue;
      }
      StageInstance clips = benchmarkDataset(e, c, cfg, bench.get("dataset").asText());
      for (StageInstance up : clips.upstream()) {
        r.put("dataset-source:" + name, up);
      }
      r.put("dataset:" + name, clips);
      ObjectNode settings = evalSettings(bench.path("settings"), trainConfig);
      if (train != null) {
        ObjectNode ec = CanonicalJson.JSON.createObjectNode();
        ec.put("protocol", protocol);
        ec.set("settings", settings);
        r.put("eval:" + name, add(c, StageKind.EVAL, "eval " + name + " " + train.label().substring(6), ec,
            Map.of("clips", new StageInput.Upstream(clips), "checkpoint", new StageInput.Upstream(train))));
      }
      if (bench.path("random_init").asBoolean(false)) {
        ObjectNode ec = CanonicalJson.JSON.createObjectNode();
        ec.put("protocol", protocol);
        ec.put("random_init", trainConfig == null ? "r3d50" : trainConfig.model().backbone());
        ec.set("settings", settings);
        r.put("eval-random-init:" + name, add(c, StageKind.EVAL, "eval " + name + " random-init seed="
            + settings.path("seed").asText("1"), ec, Map.of("clips", new StageInput.Upstream(clips))));
      }
    }
    return r;
  }

  /**
   * An AVA or tracking benchmark: its datasets are read as they are (generated, or an official
   * layout), not ingested; one evaluation per pre-trained model and optionally a random init.
   */
  private void downstream(Experiment e, Cell c, JsonNode cfg, String name, JsonNode bench, StageInstance train,
      TrainConfig trainConfig, Map<String, StageInstance> r) {
    String protocol = bench.get("protocol").asText();
    boolean ava = protocol.equals("ava");
    Map<String, StageInput> in = new LinkedHashMap<>();
    String dsName = bench.get("dataset").asText();
    in.put("dataset", labelled(e, c, cfg, dsName, name, "dataset:", r));
    if (bench.has("train_dataset")) {
      in.put("train", labelled(e, c, cfg, bench.get("train_dataset").asText(), name, "train-dataset:", r));
    }
    ObjectNode settings = copy(bench.path("settings"));
    if (ava) {
      JsonNode ds = cfg.path("datasets").path(dsName);
      if (!settings.has("fps")) {
        settings.put("fps", ds.has("make") ? ds.path("settings").path("fps").asInt(8) : ds.path("fps").asInt(30));
      }
      if (trainConfig != null && !trainConfig.model().backbone().equals("r3d50")) {
        // Small models: the clip geometry of their pre-training, as the classification benchmarks do.
        if (!settings.has("frames")) settings.put("frames", trainConfig.model().frames());
        if (!settings.has("frame_stride")) settings.put("frame_stride", trainConfig.data().frameStride());
        if (!settings.has("size")) settings.put("size", trainConfig.model().size());
      }
    }
    if (!settings.has("seed")) settings.put("seed", 1);
    StageKind kind = ava ? StageKind.EVAL_AVA : StageKind.EVAL_TRACK;
    if (train != null) {
      ObjectNode ec = CanonicalJson.JSON.createObjectNode();
      ec.put("protocol", protocol);
      ec.set("settings", settings);
      Map<String, StageInput> withCheckpoint = new LinkedHashMap<>(in);
      withCheckpoint.put("checkpoint", new StageInput.Upstream(train));
      r.put("eval:" + name, add(c, kind, "eval " + name + " " + train.label().substring(6), ec, withCheckpoint));
    }
    if (bench.path("random_init").asBoolean(false)) {
      ObjectNode ec = CanonicalJson.JSON.createObjectNode();
      ec.put("protocol", protocol);
      ec.put("random_init", trainConfig == null ? "r3d50" : trainConfig.model().backbone());
      ec.set("settings", settings);
      r.put("eval-random-init:" + name, add(c, kind, "eval " + name + " random-init seed=" + settings.path("seed").asText("1"),
          ec, in));
    }
  }

  /** A labelled dataset read in place: the generating instance, or the official folder's content. */
  private StageInput labelled(Experiment e, Cell c, JsonNode cfg, String dsName, String bench, String role,
      Map<String, StageInstance> r) {
    JsonNode ds = cfg.path("datasets").path(dsName);
    if (ds.has("make")) {
      StageInstance made = made(e, c, cfg, dsName);
      r.put(role + bench, made);
      return new StageInput.Upstream(made);
    }
    return external(e, "datasets." + dsName + ".path", ds.get("path").asText());
  }

  private StageInstance made(Experiment e, Cell c, JsonNode cfg, String name) {
    JsonNode ds = cfg.path("datasets").path(name);
    ObjectNode mc = CanonicalJson.JSON.createObjectNode();
    mc.put("make", ds.get("make").asText());
    mc.set("settings", copy(ds.path("settings")));
    return add(c, StageKind.DATASET_MAKE, "make " + name, mc,
        Map.of("videos", external(e, "datasets." + name + ".videos", ds.get("videos").asText())));
  }

  /** Geometry follows the pre-training (as constcl eval does for small models), so a random init is comparable. */
  private static ObjectNode evalSettings(JsonNode given, TrainConfig train) {
    ObjectNode s = copy(given);
    if (train != null && !train.model().backbone().equals("r3d50")) {
      if (!s.has("frames")) s.put("frames", train.model().frames());
      if (!s.has("frame_stride")) s.put("frame_stride", train.data().frameStride());
      if (!s.has("train_size")) s.put("train_size", train.model().size());
      if (!s.has("test_size")) s.put("test_size", train.model().size());
    }
    if (!s.has("seed")) s.put("seed", 1);
    return s;
  }

  private StageInstance benchmarkDataset(Experiment e, Cell c, JsonNode cfg, String name) {
    JsonNode ds = cfg.path("datasets").path(name);
    ObjectNode ic = CanonicalJson.JSON.createObjectNode();
    ic.put("short_side", ds.path("ingest").path("short_side").asInt(ds.has("make") ? 128 : 256));
    ic.put("allow_missing", ds.path("allow_missing").asBoolean(false));
    Map<String, StageInput> in = new LinkedHashMap<>();
    if (ds.has("make")) {
      StageInstance made = made(e, c, cfg, name);
      ic.put("format", "ucf101");
      ic.put("split", 1);
      in.put("dataset", new StageInput.Upstream(made));
    } else {
      ic.put("format", ds.get("format").asText());
      ic.put("split", ds.path("split").asInt(1));
      in.put("dataset", external(e, "datasets." + name + ".path", ds.get("path").asText()));
      for (String k : List.of("splits_dir", "train_csv", "test_csv")) {
        if (ds.has(k)) {
          in.put(k, external(e, "datasets." + name + "." + k, ds.get(k).asText()));
        }
      }
    }
    return add(c, StageKind.DATASET_INGEST, "dataset " + name, ic, in);
  }

  private StageInput external(Experiment e, String key, String value) {
    Path p = e.resolvePath(key, value);
    boolean stat = key.startsWith("datasets.")
        && e.tree().root().path("datasets").path(key.split("\\.")[1]).path("identity").asText("content").equals("stat");
    return new StageInput.External(p, digests.digest(p, stat));
  }

  private StageInstance add(Cell c, StageKind kind, String label, ObjectNode config, Map<String, StageInput> inputs) {
    StageInstance fresh = new StageInstance(kind, label, config, inputs, CodeFingerprint.of(kind));
    StageInstance i = byKey.computeIfAbsent(fresh.key(), k -> fresh);
    if (!i.cells().contains(c.id())) {
      i.cells().add(c.id());
    }
    return i;
  }

  private static ObjectNode copy(JsonNode n) {
    return n != null && n.isObject() ? ((ObjectNode) n).deepCopy() : CanonicalJson.JSON.createObjectNode();
  }

  private static JsonNode readTree(String json) {
    try {
      return CanonicalJson.JSON.readTree(json);
    } catch (java.io.IOException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
    return () -> it;
  }
}
