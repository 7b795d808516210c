package org.constcl.tfmodel.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The r3d50 model of the reference recipe, built (not run) at 16×224×224. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class R3d50StructureTest {
  ConstclModel model;

  @BeforeAll
  void build() {
    model = ConstclModel.build(ModelConfig.builder().backbone("r3d50").frames(16).size(224).clipsPerBatch(1).build());
  }

  @AfterAll
  void close() {
    model.close();
  }

  @Test
  void parameterCountsMatchTheReference() {
    Map<String, Long> counts = model.parameterCounts();
    assertThat(counts.get("backbone")).isEqualTo(31_672_128L);
    assertThat(counts.get("backbone_with_local_branch")).isEqualTo(51_879_744L);
    assertThat(counts.get("backbone_local_branch")).isEqualTo(20_207_616L);
    assertThat(counts.get("global_head")).isEqualTo(12_857_472L);
    assertThat(counts.get("reconstructor")).isEqualTo(6_928_356L);
  }

  @Test
  void outputShapesMatchTheReference() {
    var maps = model.trainingEndpoints().maps();
    assertThat(maps.get("stem").shape().asArray()).containsExactly(2, 8, 56, 56, 64);
    assertThat(maps.get("res2").shape().asArray()).containsExactly(2, 8, 56, 56, 256);
    assertThat(maps.get("res3").shape().asArray()).containsExactly(2, 8, 28, 28, 512);
    assertThat(maps.get("res4").shape().asArray()).containsExactly(2, 8, 14, 14, 1024);
    assertThat(maps.get("res5").shape().asArray()).containsExactly(2, 8, 7, 7, 2048);
    assertThat(maps.get("res5_1").shape().asArray()).containsExactly(2, 8, 7, 7, 2048);
    var r = model.reconstructorOutputs();
    assertThat(r.instA().shape().asArray()).containsExactly(1, 8, 2048);
    assertThat(r.instA2b().shape().asArray()).containsExactly(1, 8, 2048);
    assertThat(r.instB2a().shape().asArray()).containsExactly(1, 8, 2048);
    // 5 context steps × 7 × 7 cells in the memory each a→b attention unit reads.
    assertThat(r.attentionA2b()).hasSize(9);
    assertThat(r.attentionA2b().get(0).shape().asArray()).containsExactly(1, 8, 245);
    assertThat(model.servingEndpoints().globalMap().shape().asArray()).containsExactly(-1, 8, 7, 7, 2048);
  }
}
