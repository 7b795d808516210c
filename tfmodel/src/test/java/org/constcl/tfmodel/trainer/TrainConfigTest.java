package org.constcl.tfmodel.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrainConfigTest {
  @Test
  void presetsAreValidAndFollowTheRecipe() {
    TrainConfig paper = TrainConfig.of(ConfigTree.preset("paper"));
    assertThat(paper.model().backbone()).isEqualTo("r3d50");
    assertThat(paper.model().frames()).isEqualTo(16);
    assertThat(paper.model().size()).isEqualTo(224);
    assertThat(paper.model().clipsPerBatch()).isEqualTo(1024);
    assertThat(paper.model().schedule().base()).isEqualTo(40.96f);
    assertThat(paper.model().schedule().warmupSteps()).isEqualTo(2500);
    assertThat(paper.model().schedule().decaySteps()).isEqualTo(100_000);
    assertThat(paper.model().weightDecay()).isEqualTo(1e-6f);
    assertThat(paper.model().localWeight()).isEqualTo(0.001f);
    assertThat(paper.model().reconstructor().contextLevel()).isEqualTo(5);
    assertThat(paper.data().frameStride()).isEqualTo(2);
    assertThat(paper.steps()).isEqualTo(100_000);
    TrainConfig small = TrainConfig.of(ConfigTree.preset("cpu-small"));
    assertThat(small.model().backbone()).isEqualTo("small");
    assertThat(small.digest()).isNotEqualTo(paper.digest()).startsWith("sha256:");
  }

  @Test
  void filesAndSettingsOverlayTheDefaults() {
    ConfigTree t = ConfigTree.parse("model:\n  backbone: tiny\n  frames: 8\n  context: 3\ndata:\n  clips_per_batch: 2\n", "t.yaml");
    t.set("data.augment.blur", "[0.5, 0.0]");
    t.set("train.steps", "7");
    TrainConfig c = TrainConfig.of(t);
    assertThat(c.model().backbone()).isEqualTo("tiny");
    assertThat(c.data().augment().blur()).containsExactly(0.5, 0.0);
    assertThat(c.steps()).isEqualTo(7);
    // decay_steps 0 means "over the run".
    assertThat(c.model().schedule().decaySteps()).isEqualTo(7);
    assertThat(TrainConfig.of(ConfigTree.fromJson(t.toJson())).digest()).isEqualTo(c.digest());
    ConfigTree other = ConfigTree.fromJson(t.toJson());
    other.set("optimizer.learning_rate", "0.3");
    assertThat(other.differences(t)).containsExactly("optimizer.learning_rate: 0.1 -> 0.3");
  }

  @Test
  void badConfigsNameTheKey() {
    assertThatThrownBy(() -> ConfigTree.parse("data:\n  clip_per_batch: 4\n", "t.yaml"))
        .hasMessageContaining("t.yaml: unknown key data.clip_per_batch").hasMessageContaining("clips_per_batch");
    assertThatThrownBy(() -> ConfigTree.parse("modle:\n  frames: 4\n", "t.yaml"))
        .hasMessageContaining("unknown key modle; sections are model, data, loss, optimizer, train");
    assertThatThrownBy(() -> ConfigTree.parse("model:\n  frames: eight\n", "t.yaml"))
        .hasMessageContaining("model.frames must be an integer, got 'eight'");
    assertThatThrownBy(() -> ConfigTree.parse("model: 3\n", "t.yaml")).hasMessageContaining("model is a section");
    assertThatThrownBy(() -> ConfigTree.parse("model:\n  frames: [4\n", "t.yaml")).hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> ConfigTree.defaults().set("data.augment.blur", "0.5"))
        .hasMessageContaining("data.augment.blur must be a list of 2 numbers");
    ConfigTree range = ConfigTree.defaults();
    range.set("data.augment.flip", "1.5");
    assertThatThrownBy(() -> TrainConfig.of(range)).hasMessageContaining("config data.augment.flip=1.5 is out of range");
    ConfigTree ctx = ConfigTree.defaults();
    ctx.set("model.frames", "4");
    assertThatThrownBy(() -> TrainConfig.of(ctx)).hasMessageContaining("model.context=5 exceeds the 2 feature time steps");
    ConfigTree backbone = ConfigTree.defaults();
    backbone.set("model.backbone", "r3d101");
    assertThatThrownBy(() -> TrainConfig.of(backbone)).hasMessageContaining("model.backbone=r3d101 is not one of r3d50, small, tiny");
    assertThatThrownBy(() -> ConfigTree.preset("gpu-huge")).hasMessageContaining("unknown preset 'gpu-huge'");
    ConfigTree layout = ConfigTree.defaults();
    layout.set("distribute.micro_batches", "3");
    assertThatThrownBy(() -> TrainConfig.of(layout))
        .hasMessageContaining("data.clips_per_batch=8 must be a multiple of distribute.replicas × distribute.micro_batches (3)");
    ConfigTree precision = ConfigTree.defaults();
    precision.set("distribute.precision", "fp16");
    assertThatThrownBy(() -> TrainConfig.of(precision)).hasMessageContaining("distribute.precision=fp16 is not one of float32, bfloat16");
    ConfigTree both = ConfigTree.defaults();
    both.set("distribute.replicas", "2");
    both.set("distribute.micro_batches", "2");
    assertThat(TrainConfig.of(both).model().distribution().microBatches()).as("micro-batches per replica").isEqualTo(2);
    ConfigTree workers = ConfigTree.defaults();
    workers.set("distribute.workers", "\"127.0.0.1:7001,127.0.0.1:7002\"");
    workers.set("distribute.micro_batches", "2");
    assertThat(TrainConfig.of(workers).model().distribution().towers()).isEqualTo(2);
    ConfigTree oneWorker = ConfigTree.defaults();
    oneWorker.set("distribute.workers", "127.0.0.1:7001");
    assertThatThrownBy(() -> TrainConfig.of(oneWorker)).hasMessageContaining("config distribute.workers: one worker");
    ConfigTree badWorker = ConfigTree.defaults();
    badWorker.set("distribute.workers", "\"127.0.0.1:7001,nohost\"");
    assertThatThrownBy(() -> TrainConfig.of(badWorker)).hasMessageContaining("worker address 'nohost' is not host:port");
  }

  @Test
  void theLayoutIsNotPartOfTheRecipeDigestAndDefaultLayoutsLeaveNoTrace() {
    TrainConfig plain = TrainConfig.of(ConfigTree.defaults());
    ConfigTree replicated = ConfigTree.defaults();
    replicated.set("distribute.replicas", "2");
    TrainConfig two = TrainConfig.of(replicated);
    assertThat(two.digest()).isEqualTo(plain.digest());
    assertThat(two.model().distribution().replicas()).isEqualTo(2);
    assertThat(ConfigTree.defaults().withoutDefaultLayout().toJson()).doesNotContain("distribute");
    assertThat(replicated.withoutDefaultLayout().toJson()).contains("\"replicas\":2");
  }
}
