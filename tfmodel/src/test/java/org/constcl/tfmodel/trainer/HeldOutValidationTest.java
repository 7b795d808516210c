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
import org.constcl.tfmodel.data.ClipIndex;
import org.constcl.tfmodel.data.VideoSplit;
import org.constcl.transforms.beam.RunnerSettings;
import org.constcl.transforms.ingest.IngestConfig;
import org.constcl.transforms.ingest.IngestPipeline;
import org.constcl.transforms.input.VideoInputs;
import org.constcl.transforms.input.VideoSource;
import org.constcl.transforms.testing.TestVideos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Held-out contrastive evaluation: pre-training on two real videos with fixed validation views of
 * three others. The proof-of-learning regime's augmentation (docs/evaluation.md) at 120 steps:
 * the held-out global accuracy must beat the random init's, measured in the same run at step 0.
 * Seeded and CPU-deterministic, so the comparison is the same on every run.
 */
@Timeout(600)
class HeldOutValidationTest {
  @TempDir static Path dir;
  static Path train;
  static Path heldOut;

  @BeforeAll
  static void ingest() throws Exception {
    train = ingest("train", List.of("vtest.avi", "box.mp4", "tree.avi"));
    heldOut = ingest("held-out", List.of("cup.mp4", "motion.mov", "cap13_edit2.mp4"));
  }

  private static Path ingest(String name, List<String> videos) throws Exception {
    List<VideoSource> sources = new ArrayList<>();
    for (String v : videos) {
      sources.addAll(VideoInputs.resolve(TestVideos.get(v).toString(), null));
    }
    Path out = dir.resolve(name);
    IngestPipeline.run(RunnerSettings.direct().toOptions("ingest-" + name), sources,
        IngestConfig.builder().shortSide(128).maxSegmentFrames(48).numShards(2).build(), out, false);
    return out;
  }

  private static TrainConfig config(String... settings) {
    ConfigTree t = ConfigTree.preset("cpu-small");
    for (String s : new String[] {"data.augment.jitter=0", "data.augment.grayscale=0", "data.augment.blur=[0, 0]",
        "data.augment.solarize=[0, 0]"}) {
      set(t, s);
    }
    for (String s : settings) {
      set(t, s);
    }
    return TrainConfig.of(t);
  }

  private static void set(ConfigTree t, String s) {
    int eq = s.indexOf('=');
    t.set(s.substring(0, eq), s.substring(eq + 1));
  }

  private static TrainRequest request(TrainConfig c, Path out, Path validation, ByteArrayOutputStream progress) {
    return new TrainRequest(c, train, null, out, false, false, new PrintStream(progress, true), false, validation);
  }

  @Test
  void trainingBeatsTheRandomInitOnHeldOutVideos() throws Exception {
    Path out = dir.resolve("run");
    JsonNode s = Trainer.run(request(config("train.steps=120", "train.checkpoint_every=120", "validation.every=60",
        "validation.batches=12"), out, heldOut, new ByteArrayOutputStream()));
    JsonNode v = s.get("validation");
    assertThat(v.get("batches").asInt()).isEqualTo(12);
    double before = v.get("step_0").get("global_accuracy").asDouble();
    double after = v.get("final").get("global_accuracy").asDouble();
    System.out.printf("held-out global accuracy: step 0 %.4f, step 120 %.4f; local %.4f -> %.4f%n", before, after,
        v.get("step_0").get("local_accuracy").asDouble(), v.get("final").get("local_accuracy").asDouble());
    assertThat(after).as("held-out global contrastive accuracy after 120 steps vs the random init's").isGreaterThan(before + 0.05);
    // The log: step 0 holds the baseline only; steps 60 and 120 carry the held-out values beside the training ones.
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("metrics.jsonl"))) {
      lines.add(ConfigTree.JSON.readTree(line));
    }
    assertThat(lines).hasSize(121);
    assertThat(lines.get(0).get("step").asInt()).isZero();
    assertThat(lines.get(0).has("loss")).isFalse();
    assertThat(lines.get(0).get("validation/global_accuracy").asDouble()).isEqualTo(before);
    assertThat(lines.get(60).has("validation/local_loss")).isTrue();
    assertThat(lines.get(59).has("validation/local_loss")).isFalse();
    assertThat(lines.get(120).get("validation/global_accuracy").asDouble()).isEqualTo(after);
  }

  @Test
  void aSplitByVideoHoldsOutWholeVideosTheSameForEverySeed() throws Exception {
    ClipIndex index = ClipIndex.open(train, null);
    VideoSplit a = VideoSplit.of(index, 0.3, 0);
    assertThat(a.heldOutVideos()).hasSize(1);
    assertThat(a.train().size() + a.heldOut().size()).isEqualTo(index.size());
    List<String> ids = index.videoIds();
    List<String> heldIds = a.heldOut().videoIds();
    assertThat(heldIds).containsOnly(a.heldOutVideos().get(0));
    assertThat(a.train().videoIds()).doesNotContainAnyElementsOf(a.heldOutVideos());
    assertThat(ids).contains(a.heldOutVideos().get(0));
    assertThat(VideoSplit.of(index, 0.3, 0).heldOutVideos()).isEqualTo(a.heldOutVideos());
    // Validation every 2 steps on the held-out video of the split: runs, and logs step 0.
    Path out = dir.resolve("split");
    JsonNode s = Trainer.run(request(config("train.steps=2", "train.checkpoint_every=2", "validation.every=2",
        "validation.split=0.3", "validation.batches=1", "data.clips_per_batch=2"), out, null, new ByteArrayOutputStream()));
    assertThat(s.get("validation").get("held_out_videos")).hasSize(1);
    assertThat(s.get("validation").get("source").asText()).isEqualTo("split");
  }

  @Test
  void validationSettingsThatCannotWorkAreUsageErrors() {
    assertThatThrownBy(() -> Trainer.run(request(config("validation.every=5"), dir.resolve("a"), null,
        new ByteArrayOutputStream()))).isInstanceOf(TrainException.class).hasMessageContaining("validation.every needs held-out");
    assertThatThrownBy(() -> Trainer.run(request(config("validation.split=0.3"), dir.resolve("b"), null,
        new ByteArrayOutputStream()))).hasMessageContaining("validation.every is 0");
    assertThatThrownBy(() -> Trainer.run(request(config("validation.every=5", "validation.split=0.3"), dir.resolve("c"),
        heldOut, new ByteArrayOutputStream()))).hasMessageContaining("choose one");
    // Fewer usable held-out clips than a batch: named.
    assertThatThrownBy(() -> Trainer.run(request(config("validation.every=5", "data.clips_per_batch=64"), dir.resolve("d"),
        heldOut, new ByteArrayOutputStream()))).hasMessageContaining("do not fill one batch of 64");
  }
}
