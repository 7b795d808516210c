package org.constcl.tfmodel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.constcl.tfmodel.head.ReconstructorConfig;
import org.junit.jupiter.api.Test;

class ModelConfigTest {
  @Test
  void defaultsAreTheReferenceRecipe() {
    ModelConfig c = ModelConfig.builder().build();
    assertThat(c.backbone()).isEqualTo("r3d50");
    assertThat(c.mlpHiddenLayers()).isEqualTo(3);
    assertThat(c.mlpHiddenWidth()).isEqualTo(2048);
    assertThat(c.embeddingWidth()).isEqualTo(128);
    assertThat(c.globalTemperature()).isEqualTo(0.1f);
    assertThat(c.localTemperature()).isEqualTo(0.2f);
    assertThat(c.localWeight()).isEqualTo(0.001f);
    assertThat(c.weightDecay()).isEqualTo(1e-6f);
    assertThat(c.bnMomentum()).isEqualTo(0.9f);
    assertThat(c.optimizer().momentum()).isEqualTo(0.9f);
    assertThat(c.reconstructor()).isEqualTo(ReconstructorConfig.reference());
  }

  @Test
  void invalidSettingsAreNamed() {
    assertThatThrownBy(() -> ModelConfig.builder().backbone("r3d18").build())
        .hasMessage("unknown backbone 'r3d18' (known: r3d50, small, tiny)");
    assertThatThrownBy(() -> ModelConfig.builder().temperatures(0f, 0.2f).build()).hasMessageContaining("temperatures");
    assertThatThrownBy(() -> new ReconstructorConfig(4, 4, 0.5f, 128, 3, 3, 1e-12f, 0f)).hasMessageContaining("odd");
  }

  @Test
  void aContextLongerThanTheFeatureMapIsRefused() {
    // tiny at 8 frames has 4 feature time steps; a context of 5 does not fit.
    assertThatThrownBy(() -> ConstclModel.build(TinyModels.config()
            .reconstructor(new ReconstructorConfig(5, 2, 0.5f, 16, 1, 1, 1e-12f, 0f)).build()))
        .hasMessage("a context of 5 time steps does not fit a feature map with 4 time steps");
  }
}
