package org.constcl.workflows.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Guice;
import com.google.inject.multibindings.Multibinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.constcl.eval.benchmark.BenchmarkProtocol;
import org.constcl.eval.benchmark.BenchmarkRequest;
import org.constcl.eval.benchmark.BenchmarkResult;
import org.constcl.eval.benchmark.BenchmarkResults;
import org.constcl.eval.benchmark.DatasetFacts;
import org.constcl.eval.benchmark.DatasetKind;
import org.constcl.eval.benchmark.PretrainingGeometry;
import org.constcl.eval.benchmark.ProtocolInfo;
import org.constcl.eval.benchmark.SettingSpec;
import org.constcl.proposal.source.RegionSources;
import org.constcl.workflows.engine.RunOptions;
import org.constcl.workflows.experiment.ExperimentException;
import org.constcl.workflows.inject.StagesModule;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.plan.CodeFingerprint;
import org.constcl.workflows.plan.ExternalDigests;
import org.constcl.workflows.plan.Plan;
import org.constcl.workflows.plan.Planner;
import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.store.Artifact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage registry: what the bound stages and protocols make, and that a benchmark is one class plus one binding. */
class StageRegistryTest {
  @TempDir Path dir;

  /** The result of {@link ClipCount}. */
  record Counted(String protocol, double clips) implements BenchmarkResult {
    @Override
    public String type() {
      return "count";
    }

    @Override
    public Map<String, Double> metrics() {
      return Map.of("clips", clips);
    }

    @Override
    public List<String> tableColumns() {
      return List.of("clips");
    }

    @Override
    public String headline() {
      return clips + " clips";
    }
  }

  /** A benchmark written for this test only: everything a new protocol has to say. */
  static final class ClipCount implements BenchmarkProtocol {
    @Override
    public ProtocolInfo info() {
      return ProtocolInfo.builder("count", "Counts the test clips.", Counted.class)
          .dataset("--clips", DatasetKind.CLASSIFICATION, "A labelled clip dataset.").readsClips().build();
    }

    @Override
    public List<SettingSpec> settings() {
      return List.of(SettingSpec.integer("every", "Count every n-th clip (default 1)."), SettingSpec.integer("seed", "Seed."));
    }

    @Override
    public ObjectNode plannedSettings(JsonNode given, PretrainingGeometry pretraining, DatasetFacts dataset) {
      ObjectNode s = given.isObject() ? ((ObjectNode) given).deepCopy() : CanonicalJson.JSON.createObjectNode();
      s.put("frames_of_pretraining", pretraining == null ? 0 : pretraining.frames());
      return s;
    }

    @Override
    public BenchmarkResult run(BenchmarkRequest request) throws IOException {
      Counted c = new Counted(id(), 3);
      Files.createDirectories(request.output());
      Files.writeString(request.output().resolve(BenchmarkResults.FILE),
          CanonicalJson.JSON.createObjectNode().set("result", BenchmarkResults.toJson(c)).toString());
      return c;
    }
  }

  private StageRegistry withClipCount() {
    return Guice.createInjector(new StagesModule(), binder -> Multibinder.newSetBinder(binder, BenchmarkProtocol.class)
        .addBinding().toInstance(new ClipCount())).getInstance(StageRegistry.class);
  }

  @Test
  void theBoundStagesMakeTheFormatAndEveryOneNamesRealCode() {
    StageRegistry stages = TestStages.registry();
    assertThat(stages.all()).extracting(Stage::kind).containsExactly("ingest", "proposals", "dataset-make", "dataset-ingest",
        "train", "eval-linear", "eval-finetune", "eval-ava", "eval-track", "eval-propagation", "eval-retrieval");
    for (Stage s : stages.all()) {
      assertThat(CodeFingerprint.of(s)).as(s.kind()).hasSize(64); // refuses a command class that does not exist
    }
    // The region sources are the registered plug-ins', plus online; the protocols are the bound ones.
    JsonNode schema = stages.schema().jsonSchema();
    JsonNode regions = schema.at("/properties/pretrain/properties/regions/enum");
    List<String> expected = new java.util.ArrayList<>(RegionSources.names());
    expected.add("online");
    assertThat(regions).extracting(JsonNode::asText).containsExactlyElementsOf(expected);
    assertThat(schema.at("/properties/benchmarks/additionalProperties/properties/protocol/enum")).extracting(JsonNode::asText)
        .containsExactly("linear", "finetune", "ava", "track", "propagation", "retrieval");
    assertThatThrownBy(() -> stages.benchmark("nope")).hasMessageContaining("known: linear, finetune, ava, track, propagation,"
        + " retrieval");
  }

  @Test
  void aBenchmarkIsOneClassAndOneBinding() throws Exception {
    StageRegistry stages = withClipCount();
    assertThat(stages.kind("eval-count")).isInstanceOf(BenchmarkStage.class);
    Path videos = Path.of(System.getProperty("constcl.repo.root", "..")).resolve("infra/samples/videos").toAbsolutePath();
    Path file = dir.resolve("count.yaml");
    Files.writeString(file, """
        name: count
        datasets:
          samples: {videos: %s, ingest: {short_side: 64}}
          speed: {make: speed-direction, videos: %s}
        pretrain: {dataset: samples, regions: online, train: {steps: 2}}
        benchmarks:
          c: {protocol: count, dataset: speed, random_init: true, settings: {every: 2}}
        """.formatted(videos, videos));
    // Its settings are checked per protocol like the built-in ones'.
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, Files.readString(file).replace("every: 2", "epochs: 2"));
    assertThatThrownBy(() -> stages.loader().load(bad, List.of())).isInstanceOf(ExperimentException.class)
        .hasMessageContaining("benchmarks.c.settings.epochs does not apply to protocol count");
    assertThatThrownBy(() -> TestStages.registry().loader().load(file, List.of())).isInstanceOf(ExperimentException.class)
        .hasMessageContaining("unknown value 'count'");

    Plan plan = new Planner(stages, new ExternalDigests(null)).plan(stages.loader().load(file, List.of()));
    Map<String, StageInstance> roles = plan.cellRoles().values().iterator().next();
    StageInstance eval = roles.get("eval:c");
    assertThat(eval.kind()).isEqualTo("eval-count");
    assertThat(eval.config().get("settings").get("every").asInt()).isEqualTo(2);
    assertThat(eval.config().get("settings").get("frames_of_pretraining").asInt()).isEqualTo(8); // cpu-small's
    assertThat(roles.get("dataset:c").kind()).isEqualTo("dataset-ingest"); // it reads clips: ingested first
    assertThat(roles.get("eval-random-init:c").config().get("random_init").asText()).isEqualTo("small");
    Map<String, Artifact> built = Map.of("dataset", new Artifact(dir.resolve("clips"), CanonicalJson.JSON.createObjectNode()),
        "checkpoint", new Artifact(dir.resolve("run"), CanonicalJson.JSON.createObjectNode()));
    List<String> args = eval.stage().arguments(eval, built, dir.resolve("work"), dir.resolve("scratch"),
        new RunOptions(null, 0, null, 1, 1));
    // The command it runs is the protocol's own: its input flag, the checkpoint, its settings as options.
    assertThat(args.subList(0, 2)).containsExactly("eval", "count");
    assertThat(args.get(args.indexOf("--clips") + 1)).isEqualTo(dir.resolve("clips").toString());
    assertThat(args.get(args.indexOf("--checkpoint") + 1)).isEqualTo(dir.resolve("run").toString());
    assertThat(args.get(args.indexOf("--every") + 1)).isEqualTo("2");
    assertThat(args.get(args.indexOf("--output") + 1)).isEqualTo(dir.resolve("work").toString());

    // What the child writes is read back as the protocol's typed result.
    Path out = dir.resolve("out");
    new ClipCount().run(new BenchmarkRequest(Map.of("dataset", dir), null, null, out, null, null));
    StageResult r = eval.stage().result(out);
    assertThat(r.metrics()).containsEntry("clips", 3.0);
    assertThat(r.tableColumns()).containsExactly("clips");
  }

  @Test
  void theProofOfLearningProtocolsPlanAsTheirOwnCommands() throws Exception {
    StageRegistry stages = TestStages.registry();
    Path videos = Path.of(System.getProperty("constcl.repo.root", "..")).resolve("infra/samples/videos").toAbsolutePath();
    Path file = dir.resolve("proof.yaml");
    Files.writeString(file, """
        name: proof-mini
        datasets:
          pre: {videos: %1$s, ingest: {short_side: 64}}
          held: {videos: %1$s, ingest: {short_side: 96}}
          davis: {make: davis, videos: %1$s, settings: {frames: 8, per_video: 2}}
          scenes: {make: scenes, videos: %1$s, settings: {clip_frames: 8}}
          otb: {make: tracking, videos: %1$s, settings: {layout: otb}}
        pretrain:
          dataset: pre
          validation_dataset: held
          regions: online
          train: {preset: cpu-proof, steps: 4, config: {validation: {every: 2}}}
        benchmarks:
          prop: {protocol: propagation, dataset: davis, random_init: true, settings: {size: 96, layer: res5_1}}
          ret: {protocol: retrieval, dataset: scenes, settings: {test_clips: 2}}
          zs: {protocol: track, dataset: otb, settings: {zero_shot: true, clip_frames: 8}}
        grid: {seeds: [1, 2]}
        """.formatted(videos));
    Plan plan = new Planner(stages, new ExternalDigests(null)).plan(stages.loader().load(file, List.of()));
    Map<String, StageInstance> roles = plan.cellRoles().get("seed=2");
    StageInstance train = roles.get("train");
    assertThat(train.inputs()).containsKeys("clips", "validation");
    Map<String, Artifact> trainInputs = Map.of("clips", new Artifact(dir.resolve("clips"), CanonicalJson.JSON.createObjectNode()),
        "validation", new Artifact(dir.resolve("held"), CanonicalJson.JSON.createObjectNode()));
    List<String> trainArgs = train.stage().arguments(train, trainInputs, dir.resolve("w"), dir.resolve("s"),
        new RunOptions(null, 0, null, 1, 1));
    assertThat(trainArgs.get(trainArgs.indexOf("--validation-clips") + 1)).isEqualTo(dir.resolve("held").toString());

    StageInstance prop = roles.get("eval:prop");
    assertThat(prop.kind()).isEqualTo("eval-propagation");
    assertThat(roles.get("dataset:prop").kind()).isEqualTo("dataset-make"); // a DAVIS folder is read in place, not ingested
    // Clip geometry follows the pre-training (cpu-proof: 8 frames, stride 2); the seed axis sets the seed.
    assertThat(prop.config().get("settings").get("frames").asInt()).isEqualTo(8);
    assertThat(prop.config().get("settings").get("seed").asInt()).isEqualTo(2);
    Map<String, Artifact> built = Map.of("dataset", new Artifact(dir.resolve("davis"), CanonicalJson.JSON.createObjectNode()),
        "checkpoint", new Artifact(dir.resolve("run"), CanonicalJson.JSON.createObjectNode()));
    List<String> args = prop.stage().arguments(prop, built, dir.resolve("work"), dir.resolve("scratch"),
        new RunOptions(null, 0, null, 1, 1));
    assertThat(args.subList(0, 2)).containsExactly("eval", "propagate");
    assertThat(args.get(args.indexOf("--davis") + 1)).isEqualTo(dir.resolve("davis").toString());
    assertThat(args.get(args.indexOf("--layer") + 1)).isEqualTo("res5_1");
    assertThat(roles.get("eval-random-init:prop").config().get("random_init").asText()).isEqualTo("small");

    assertThat(roles.get("eval:ret").kind()).isEqualTo("eval-retrieval");
    assertThat(roles.get("dataset:ret").kind()).isEqualTo("dataset-ingest"); // retrieval reads clips
    assertThat(roles.get("eval:zs").config().get("settings").get("zero_shot").asBoolean()).isTrue();
    assertThat(roles.get("eval:zs").inputs()).doesNotContainKey("train");

    // The held-out dataset must be a videos dataset other than the pre-training's.
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, Files.readString(file).replace("validation_dataset: held", "validation_dataset: pre"));
    assertThatThrownBy(() -> stages.loader().load(bad, List.of())).isInstanceOf(ExperimentException.class)
        .hasMessageContaining("pretrain.validation_dataset is the pre-training dataset itself");
    Path bad2 = dir.resolve("bad2.yaml");
    Files.writeString(bad2, Files.readString(file).replace("validation_dataset: held", "validation_dataset: davis"));
    assertThatThrownBy(() -> stages.loader().load(bad2, List.of())).isInstanceOf(ExperimentException.class)
        .hasMessageContaining("pretrain.validation_dataset 'davis' must be a videos dataset");
  }
}
