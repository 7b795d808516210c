package org.constcl.tfmodel.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.constcl.proposal.testing.ClipDatasets;
import org.constcl.tfmodel.model.ConstclModel;
import org.constcl.transforms.beam.RunnerSettings;
import org.constcl.transforms.ingest.IngestConfig;
import org.constcl.transforms.ingest.IngestPipeline;
import org.constcl.transforms.input.VideoInputs;
import org.constcl.transforms.summary.SummaryFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/** The pre-training stage end to end, in process, on clip records of the shared videos. */
@Timeout(600)
class TrainerTest {
  @TempDir Path dir;
  final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  private TrainRequest request(TrainConfig c, Path out, boolean resume, boolean force) {
    return new TrainRequest(c, ClipDatasets.mixed(), null, out, resume, force, new PrintStream(progress, true), false);
  }

  private static TrainConfig cpuSmall(String... settings) {
    ConfigTree t = ConfigTree.preset("cpu-small");
    for (String s : settings) {
      int eq = s.indexOf('=');
      t.set(s.substring(0, eq), s.substring(eq + 1));
    }
    return TrainConfig.of(t);
  }

  @Test
  void cpuSmallLearnsAndLeavesEverythingARunPromises() throws Exception {
    Path out = dir.resolve("run");
    TrainConfig c = cpuSmall("train.steps=30", "train.checkpoint_every=10");
    JsonNode s = Trainer.run(request(c, out, false, false));

    List<JsonNode> metrics = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("metrics.jsonl"))) {
      metrics.add(ConfigTree.JSON.readTree(line));
    }
    assertThat(metrics).hasSize(30);
    // One log format for every training loop: step counts steps done, loss and learning_rate first.
    assertThat(metrics.get(0).get("step").asLong()).isEqualTo(1);
    assertThat(metrics.get(29).get("step").asLong()).isEqualTo(30);
    List<String> keys = new ArrayList<>();
    metrics.get(0).fieldNames().forEachRemaining(keys::add);
    assertThat(keys.subList(0, 3)).containsExactly("step", "loss", "learning_rate");
    double first = mean(metrics.subList(0, 5));
    double last = mean(metrics.subList(20, 30));
    assertThat(last).as("mean loss of the last 10 steps vs the first 5").isLessThan(first - 0.1);
    assertThat(metrics.get(29).get("throughput/clips_per_second").asDouble()).isPositive();
    assertThat(metrics.get(29).has("time/loader_wait_ms")).isTrue();

    assertThat(s.get("steps").asLong()).isEqualTo(30);
    assertThat(s.get("config_digest").asText()).isEqualTo(c.digest());
    assertThat(s.get("final").get("step").asLong()).isEqualTo(30);
    assertThat(SummaryFiles.read(out).get("checkpoint").asText()).isEqualTo("checkpoints/step-000000030");
    // keep_checkpoints 3: steps 10, 20, 30.
    assertThat(Files.list(out.resolve("checkpoints")).map(p -> p.getFileName().toString()).sorted().toList())
        .containsExactly("step-000000010", "step-000000020", "step-000000030");

    // The event file reads back as TensorBoard reads it.
    List<Event> events = EventFileReader.read(out.resolve(s.get("events").asText()));
    assertThat(events.get(0).getFileVersion()).isEqualTo("brain.Event:2");
    assertThat(events).hasSize(31);
    Set<String> tags = new TreeSet<>();
    for (Summary.Value v : events.get(30).getSummary().getValueList()) {
      tags.add(v.getTag());
    }
    assertThat(tags).contains("loss", "loss/global", "learning_rate", "contrastive/accuracy", "throughput/clips_per_second",
        "time/loader_wait_ms");
    assertThat(events.get(30).getStep()).isEqualTo(30);

    // The checkpoint restores into a fresh model; the SavedModel serves embeddings.
    try (ConstclModel m = ConstclModel.build(c.model())) {
      m.restoreCheckpoint(out.resolve("checkpoints/step-000000030"));
    }
    try (SavedModelBundle b = SavedModelBundle.load(out.resolve("saved_model").toString(), "serve");
        TUint8 clips = TUint8.tensorOf(Shape.of(1, 8, 64, 64, 3));
        Result r = b.function("serving_default").call(Map.of("clips", clips))) {
      assertThat(((TFloat32) r.get("embedding").orElseThrow()).shape()).isEqualTo(Shape.of(1, 64));
    }
    assertThat(progress.toString()).contains("train [").contains("30/30").contains("ETA");

    // Running again is a no-op resume; another config is refused, naming what differs.
    Trainer.run(request(c, out, false, false));
    assertThat(progress.toString()).contains("already trained to step 30");
    TrainConfig other = cpuSmall("train.steps=30", "train.checkpoint_every=10", "optimizer.learning_rate=0.2");
    assertThatThrownBy(() -> Trainer.run(request(other, out, false, false)))
        .isInstanceOfSatisfying(TrainException.class, e -> assertThat(e.usage()).isTrue())
        .hasMessageContaining("holds a run with another config (optimizer.learning_rate: 0.05 -> 0.2)")
        .hasMessageContaining("--force");
  }

  @Test
  void aDivergingRunStopsAndKeepsItsLastGoodCheckpoint() throws Exception {
    Path out = dir.resolve("nan");
    TrainConfig c = cpuSmall("train.steps=12", "train.checkpoint_every=1", "optimizer.learning_rate=1e6",
        "optimizer.warmup_steps=0", "loss.weight_decay=1.0");
    assertThatThrownBy(() -> Trainer.run(request(c, out, false, false)))
        .isInstanceOfSatisfying(TrainException.class, e -> assertThat(e.usage()).isFalse())
        .hasMessageContaining("the loss became")
        .hasMessageContaining("last good checkpoint is " + out.resolve("checkpoints"));
    assertThat(out.resolve("checkpoints")).isDirectoryContaining(p -> p.getFileName().toString().startsWith("step-"));
    assertThat(out.resolve("_SUMMARY.json")).doesNotExist();
  }

  @Test
  void badDataAndOutputFoldersAreUsageErrors() throws Exception {
    TrainConfig c = cpuSmall("train.steps=2");
    assertThatThrownBy(() -> Trainer.run(new TrainRequest(c, dir.resolve("none"), null, dir.resolve("o"), false, false,
        new PrintStream(progress), false))).hasMessageContaining("does not exist");
    // A clip dataset whose every input was rejected holds no records.
    Path bad = Files.writeString(Files.createDirectories(dir.resolve("in")).resolve("notes.mp4"), "not a video");
    Path empty = dir.resolve("empty-clips");
    IngestPipeline.run(RunnerSettings.direct().toOptions("t"), VideoInputs.resolve(bad.toString(), null),
        IngestConfig.defaults(), empty, false);
    assertThatThrownBy(() -> Trainer.run(new TrainRequest(c, empty, null, dir.resolve("o"), false, false,
        new PrintStream(progress), false))).hasMessageContaining("holds no records");
    Path notARun = Files.createDirectories(dir.resolve("mine"));
    Files.writeString(notARun.resolve("thesis.tex"), "precious");
    assertThatThrownBy(() -> Trainer.run(request(c, notARun, false, false)))
        .hasMessageContaining("not empty and holds no constcl run");
    assertThat(notARun.resolve("thesis.tex")).exists();
    assertThatThrownBy(() -> Trainer.run(request(c, dir.resolve("fresh"), true, false)))
        .hasMessageContaining("--resume").hasMessageContaining("holds no checkpoint");
    ConfigTree boxes = ConfigTree.preset("cpu-small");
    boxes.set("data.region_source", "boxes");
    assertThatThrownBy(() -> Trainer.run(request(TrainConfig.of(boxes), dir.resolve("b"), false, false)))
        .hasMessageContaining("no --boxes dataset");
  }

  private static double mean(List<JsonNode> rows) {
    return rows.stream().mapToDouble(r -> r.get("loss").asDouble()).average().orElseThrow();
  }
}
