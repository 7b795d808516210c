package org.constcl.proposal.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProposalConfigTest {
  @Test
  void everyRegisteredSourceHasADefaultEngine() {
    assertThat(RegionSources.names()).containsExactly("random", "slic", "graph", "person", "object");
    assertThat(ProposalConfig.builder("random").build().engine().id()).isEqualTo("constcl/random-boxes-v1");
    assertThat(ProposalConfig.builder("slic").build().engine().id()).isEqualTo("opencv-4.13.0/ximgproc-slic");
    assertThat(ProposalConfig.builder("graph").build().engine().id()).isEqualTo("opencv-4.13.0/ximgproc-graph-segmentation");
    assertThat(ProposalConfig.builder("person").build().engine().id()).isEqualTo("opencv-4.13.0/hog-default-people");
    assertThat(ProposalConfig.builder("object").build().engine().id()).isEqualTo("opencv-4.13.0/ximgproc-selective-search");
    assertThat(RegionSources.all().stream().filter(RegionSourceType::takesModel).map(RegionSourceType::name))
        .containsExactly("person", "object");
  }

  @Test
  void aConfigSentToAWorkerFindsItsEngineAgain() throws Exception {
    ProposalConfig c = ProposalConfig.builder("slic").frameStride(2).build();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(c);
    }
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      ProposalConfig back = (ProposalConfig) in.readObject();
      assertThat(back.engine().id()).isEqualTo(c.engine().id());
      assertThat(back.needsPixels()).isTrue();
      assertThat(back.digest()).isEqualTo(c.digest());
    }
  }

  @Test
  void theCanonicalConfigHoldsEveryParameterAndItsDigestTracksThem() {
    ProposalConfig a = ProposalConfig.builder("graph").build();
    assertThat(a.canonicalJson()).isEqualTo("{\"source\":\"graph\",\"engine\":\"opencv-4.13.0/ximgproc-graph-segmentation\","
        + "\"frame_stride\":1,\"params\":{\"dedupe-iou\":\"0.9\",\"max-size\":\"0.7\",\"min-size\":\"0.05\","
        + "\"scales\":\"500,1000\",\"segments\":\"16\",\"sigma\":\"0.8\"}}");
    assertThat(a.digest()).startsWith("sha256:").hasSize(71);
    assertThat(ProposalConfig.builder("graph").build().digest()).isEqualTo(a.digest());
    // Setting a default explicitly changes nothing; changing a value or the stride changes the digest.
    assertThat(ProposalConfig.builder("graph").set("sigma", "0.8").build().digest()).isEqualTo(a.digest());
    assertThat(ProposalConfig.builder("graph").set("scales", "300,600").build().digest()).isNotEqualTo(a.digest());
    assertThat(ProposalConfig.builder("graph").frameStride(2).build().digest()).isNotEqualTo(a.digest());
    // The seed matters only to sources that draw random numbers.
    assertThat(ProposalConfig.builder("graph").seed(9).build().digest()).isEqualTo(a.digest());
    assertThat(ProposalConfig.builder("random").seed(9).build().digest())
        .isNotEqualTo(ProposalConfig.builder("random").seed(10).build().digest());
  }

  @Test
  void badConfigsNameTheProblem() {
    assertThatThrownBy(() -> ProposalConfig.builder("superpixel").build())
        .hasMessage("unknown region source 'superpixel'; choose one of random, slic, graph, person, object");
    assertThatThrownBy(() -> ProposalConfig.builder("slic").set("regions", "16").build())
        .hasMessageContaining("unknown parameter 'regions' for source slic").hasMessageContaining("superpixels");
    assertThatThrownBy(() -> ProposalConfig.builder("slic").set("superpixels", "many").build())
        .hasMessageContaining("superpixels=many is invalid; expected an integer");
    assertThatThrownBy(() -> ProposalConfig.builder("graph").set("min-size", "0.8").build())
        .hasMessageContaining("min-size (0.8) exceeds max-size (0.7)");
    assertThatThrownBy(() -> ProposalConfig.builder("slic").set("algorithm", "quick").build())
        .hasMessageContaining("expected one of mslic, slic, slico");
    assertThatThrownBy(() -> ProposalConfig.builder("person").set("win-stride", "5").build())
        .hasMessageContaining("win-stride must be a multiple of 8");
    assertThatThrownBy(() -> ProposalConfig.builder("random").frameStride(0).build())
        .hasMessageContaining("frame stride must be >= 1");
  }
}
