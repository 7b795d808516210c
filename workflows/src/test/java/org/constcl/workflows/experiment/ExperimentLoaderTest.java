package org.constcl.workflows.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.constcl.workflows.stage.TestStages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Experiment files: extends, overrides, grid expansion, and every kind of invalid file with its location. */
class ExperimentLoaderTest {
  @TempDir Path dir;

  static final String BASE = """
      name: base
      datasets:
        vids:
          videos: videos
      pretrain:
        dataset: vids
        regions: random
        train:
          preset: cpu-small
          steps: 10
      """;

  @BeforeEach
  void videos() throws IOException {
    Files.createDirectories(dir.resolve("videos"));
    Files.writeString(dir.resolve("videos/a.mp4"), "not a real video, only its digest matters here");
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private ExperimentException invalid(Path file, String... overrides) {
    return (ExperimentException) org.assertj.core.api.Assertions.catchThrowable(() -> TestStages.registry().loader().load(file, List.of(overrides)));
  }

  @Test
  void extendsMergesMappingsAndOverridesWin() throws Exception {
    write("base.yaml", BASE);
    Path child = write("child.yaml", """
        extends: base.yaml
        name: child
        pretrain:
          train: {steps: 20}
        """);
    Experiment e = TestStages.registry().loader().load(child, List.of("pretrain.train.config.model.size=32"));
    assertThat(e.name()).isEqualTo("child");
    assertThat(e.cells()).hasSize(1);
    var train = e.cells().get(0).config().get("pretrain").get("train");
    assertThat(train.get("steps").asInt()).isEqualTo(20);
    assertThat(train.get("preset").asText()).isEqualTo("cpu-small");
    assertThat(train.get("config").get("model").get("size").asInt()).isEqualTo(32);
    assertThat(e.files()).containsExactly(child.toAbsolutePath().normalize(), dir.resolve("base.yaml").toAbsolutePath().normalize());
    // A path in the parent resolves against the parent's folder.
    assertThat(e.resolvePath("datasets.vids.videos", "videos")).isEqualTo(dir.resolve("videos").toAbsolutePath().normalize());
  }

  @Test
  void gridIsCartesianTimesZipTimesSeedsMinusExclusions() throws Exception {
    Path f = write("grid.yaml", BASE + """
        grid:
          axes:
            pretrain.regions: [random, slic, graph]
          zip:
            - {pretrain.train.steps: [10, 20], pretrain.train.config.optimizer.learning_rate: [0.1, 0.05]}
          exclude:
            - {pretrain.regions: graph, pretrain.train.steps: 20}
          seeds: [1, 2]
        """);
    Experiment e = TestStages.registry().loader().load(f, List.of());
    assertThat(e.cells()).hasSize((3 * 2 - 1) * 2);
    assertThat(e.cells().get(0).id()).isEqualTo("regions=random,steps=10,learning_rate=0.1,seed=1");
    assertThat(e.cells().get(0).group()).isEqualTo("regions=random,steps=10,learning_rate=0.1");
    assertThat(e.cells().stream().map(Cell::id)).doesNotHaveDuplicates()
        .noneMatch(id -> id.startsWith("regions=graph,steps=20"));
    Cell last = e.cells().get(e.cells().size() - 1);
    assertThat(last.config().get("pretrain").get("train").get("seed").asLong()).isEqualTo(2);
    assertThat(last.config().has("grid")).isFalse();
  }

  @Test
  void unknownKeyIsReportedWithLineAndColumn() throws Exception {
    Path f = write("bad.yaml", BASE + "  shuffle: true\n");
    ExperimentException e = invalid(f);
    assertThat(e.errors()).hasSize(1);
    assertThat(e.errors().get(0).toString()).startsWith(f + ":11:3: unknown key 'shuffle' in pretrain");
  }

  @Test
  void wrongTypeIsReportedAtTheValue() throws Exception {
    Path f = write("bad.yaml", BASE.replace("steps: 10", "steps: ten"));
    ExperimentException e = invalid(f);
    assertThat(e.errors().get(0).toString()).isEqualTo(f + ":10:12: pretrain.train.steps: expected integer, found string 'ten'");
  }

  @Test
  void unknownTrainerKeyAndUnknownChoice() throws Exception {
    Path f = write("bad.yaml", BASE.replace("regions: random", "regions: superpixels")
        + "    config:\n      model: {sise: 64}\n");
    ExperimentException e = invalid(f);
    assertThat(e.getMessage()).contains(f + ":7:12: pretrain.regions: unknown value 'superpixels'")
        .contains(f + ":12:15: unknown key 'model.sise' in pretrain.train.config");
  }

  @Test
  void missingFileIsReported() throws Exception {
    Path f = write("bad.yaml", BASE.replace("videos: videos", "videos: nowhere"));
    ExperimentException e = invalid(f);
    assertThat(e.errors().get(0).toString()).startsWith(f + ":4:13: datasets.vids.videos: ").endsWith("nowhere does not exist");
  }

  @Test
  void extendsCycleIsReported() throws Exception {
    Path a = write("a.yaml", "extends: b.yaml\nname: a\n");
    write("b.yaml", "extends: a.yaml\nname: b\n");
    ExperimentException e = invalid(a);
    assertThat(e.errors().get(0).toString()).isEqualTo(dir.resolve("b.yaml") + ":1:10: extends makes a cycle: a.yaml -> b.yaml -> a.yaml");
  }

  @Test
  void anExtendsTargetThatIsNotAnExperimentIsReportedWhereTheExtendsIs() throws Exception {
    // Each message names the file and line that wrote the extends: and what is wrong with its target.
    Path outside = write("outside.yaml", "name: x\nextends: ../../../../../../../../etc/passwd\n");
    assertThat(invalid(outside).errors().get(0).toString()).isEqualTo(outside + ":2:10: extends: "
        + "../../../../../../../../etc/passwd (/etc/passwd) is not an experiment file: experiment files are YAML (.yaml or .yml)");

    write("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n");
    Path k8s = write("k8s.yaml", "extends: pod.yaml\nname: k\n");
    assertThat(invalid(k8s).errors().get(0).toString()).isEqualTo(k8s + ":1:10: extends: " + dir.resolve("pod.yaml")
        + " is not an experiment file: its top-level key 'apiVersion' (" + dir.resolve("pod.yaml") + ":1:13)"
        + " is not an experiment key (see docs/experiments.md)");

    write("broken.yaml", "name: b\n  datasets: [\n");
    Path broken = write("on-broken.yaml", "name: k\nextends: broken.yaml\n");
    assertThat(invalid(broken).errors().get(0).toString()).startsWith(broken + ":2:10: extends: " + dir.resolve("broken.yaml")
        + " is not an experiment file: " + dir.resolve("broken.yaml") + ":").contains("not valid YAML");

    write("list.yml", "- a\n- b\n");
    Path list = write("on-list.yaml", "extends: list.yml\n");
    assertThat(invalid(list).errors().get(0).toString()).isEqualTo(list + ":1:10: extends: " + dir.resolve("list.yml")
        + " is not an experiment file: " + dir.resolve("list.yml") + ":1:1: the top level must be a mapping of keys (name, datasets, ...)");

    Path missing = write("on-missing.yaml", "extends: nowhere.yaml\n");
    assertThat(invalid(missing).errors().get(0).toString()).isEqualTo(missing + ":1:10: extends: nowhere.yaml ("
        + dir.resolve("nowhere.yaml") + ") not found");

    Files.createDirectories(dir.resolve("folder.yaml"));
    Path folder = write("on-folder.yaml", "extends: folder.yaml\n");
    assertThat(invalid(folder).errors().get(0).toString()).isEqualTo(folder + ":1:10: extends: folder.yaml ("
        + dir.resolve("folder.yaml") + ") is not a file");
  }

  @Test
  void emptyAndDuplicatedAxesAreReported() throws Exception {
    Path empty = write("empty.yaml", BASE + "grid:\n  axes:\n    pretrain.regions: []\n");
    assertThat(invalid(empty).getMessage()).contains(empty + ":13:23: grid.axes.pretrain.regions must not be empty");
    Path dup = write("dup.yaml", BASE + """
        grid:
          axes:
            pretrain.train.steps: [10, 20]
          zip:
            - {pretrain.train.steps: [30, 40]}
        """);
    assertThat(invalid(dup).getMessage()).contains(dup + ":15:8: axis 'pretrain.train.steps' is duplicated (also at grid.axes");
    Path twice = write("twice.yaml", BASE + "grid:\n  axes:\n    pretrain.regions: [slic, slic]\n");
    assertThat(invalid(twice).getMessage()).contains(twice + ":13:30: axis 'pretrain.regions' lists \"slic\" twice");
  }

  @Test
  void axisAndOverrideOfUnknownKeysAreReported() throws Exception {
    Path f = write("axis.yaml", BASE + "grid:\n  axes:\n    pretrain.epochs: [1, 2]\n");
    assertThat(invalid(f).getMessage()).contains(f + ":13:5: axis 'pretrain.epochs' is not a key of the experiment format");
    Path ok = write("ok.yaml", BASE);
    ExperimentException e = invalid(ok, "pretrain.train.stepz=3");
    assertThat(e.errors().get(0).toString()).isEqualTo("--set pretrain.train.stepz=3: unknown key 'pretrain.train.stepz': the"
        + " experiment format has no such key (see docs/experiments.md)");
  }

  @Test
  void everyProblemIsListedAtOnce() throws Exception {
    Path f = write("many.yaml", BASE.replace("steps: 10", "steps: -x") + "colour: red\nbenchmarks:\n  b: {protocol: linear}\n");
    ExperimentException e = invalid(f);
    assertThat(e.errors()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(e.getMessage()).contains("unknown key 'colour'").contains("missing required key 'benchmarks.b.dataset'")
        .contains("expected integer");
  }

  @Test
  void invalidYamlIsReportedWithItsPosition() throws Exception {
    Path f = write("yaml.yaml", "name: x\npretrain: [\n");
    ExperimentException e = invalid(f);
    assertThat(e.errors().get(0).toString()).startsWith(f + ":3:1: not valid YAML");
  }

  @Test
  void shippedSchemaIsTheGeneratedOne() throws Exception {
    Path shipped = Path.of(System.getProperty("constcl.repo.root", "..")).resolve("experiments/schema/experiment.schema.json");
    String generated = org.constcl.workflows.plan.CanonicalJson.JSON.writerWithDefaultPrettyPrinter()
        .writeValueAsString(TestStages.registry().schema().jsonSchema());
    assertThat(Files.readString(shipped).strip()).as("regenerate with: constcl schema > " + shipped).isEqualTo(generated.strip());
  }

  @Test
  void shippedExperimentsValidate() throws Exception {
    Path root = Path.of(System.getProperty("constcl.repo.root", "..")).resolve("experiments");
    List<Path> files;
    try (var s = Files.walk(root)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    for (Path p : files) {
      if (p.getFileName().toString().startsWith("_")) {
        continue; // fragments meant to be extended
      }
      Experiment e = TestStages.registry().loader().load(p, List.of());
      assertThat(e.cells()).as(p.toString()).isNotEmpty();
    }
  }

  @Test
  void eachProtocolTakesItsOwnDatasetKindAndSettings() throws Exception {
    Path f = write("bad.yaml", BASE.replace("""
        pretrain:""", """
          speed: {make: speed-direction, videos: videos}
          ava: {make: ava, videos: videos, settings: {windows: 3}}
          otb: {make: tracking, videos: videos, settings: {layout: otb}}
        pretrain:""") + """
        benchmarks:
          a: {protocol: ava, dataset: speed}
          t: {protocol: track, dataset: otb, train_dataset: otb, settings: {dropout: 0.1}}
          l: {protocol: linear, dataset: ava, train_dataset: otb}
        """);
    ExperimentException e = invalid(f);
    assertThat(e.getMessage())
        .contains(f + ":6:56: datasets.ava.settings.windows does not apply to make: ava")
        .contains(f + ":15:31: benchmarks.a.dataset 'speed' must be an AVA dataset (make: ava or format: ava) for protocol ava")
        .contains(f + ":16:53: benchmarks.t.train_dataset 'otb' must be a GOT-10k split")
        .contains(f + ":16:78: benchmarks.t.settings.dropout does not apply to protocol track")
        .contains(f + ":17:34: benchmarks.l.dataset 'ava' must be a labelled classification dataset")
        .contains(f + ":17:54: benchmarks.l.train_dataset belongs to protocols that take a training set (track)");
  }
}
