package org.constcl.proposal.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.constcl.proposal.record.Box;
import org.junit.jupiter.api.Test;

class RandomBoxesTest {
  private static List<Box> boxes(ProposalConfig c, String clip, int frame) {
    try (RegionProposer p = Proposers.create(c)) {
      return p.propose(new FrameRef(clip, frame, 342, 256), null);
    }
  }

  private static List<Box> many(ProposalConfig c) {
    List<Box> all = new ArrayList<>();
    for (int f = 0; f < 200; f++) {
      List<Box> b = boxes(c, "v.mp4#0", f);
      assertThat(b).hasSize(8);
      all.addAll(b);
    }
    return all;
  }

  @Test
  void defaultBoxesHaveTheDrawnSizeAndAspectAndLieInsideTheFrame() {
    List<Box> all = many(ProposalConfig.builder("random").build());
    for (Box b : all) {
      assertThat(b.xmin()).isBetween(0f, 1f);
      assertThat(b.ymin()).isBetween(0f, 1f);
      assertThat(b.xmax()).isBetween(0f, 1f);
      assertThat(b.ymax()).isBetween(0f, 1f);
      assertThat(b.width()).isBetween(0.1f - 1e-6f, 0.5f + 1e-6f);
      assertThat(b.height() / b.width()).isBetween(0.5f - 1e-4f, 2f + 1e-4f);
      assertThat(b.score()).isEqualTo(1f);
    }
    // Draws cover their ranges, not a corner of them.
    assertThat(all.stream().mapToDouble(Box::width).min().getAsDouble()).isLessThan(0.12);
    assertThat(all.stream().mapToDouble(Box::width).max().getAsDouble()).isGreaterThan(0.48);
    assertThat(all.stream().mapToDouble(Box::xmin).max().getAsDouble()).isGreaterThan(0.8);
  }

  @Test
  void referenceGeneratorClipsAtTheFarEdgeAsTheMethodDescribes() {
    List<Box> all = many(ProposalConfig.builder("random").set("generator", "reference").build());
    long clipped = 0;
    for (Box b : all) {
      assertThat(b.xmax()).isLessThanOrEqualTo(0.999f);
      assertThat(b.ymax()).isLessThanOrEqualTo(0.999f);
      boolean touches = b.xmax() == 0.999f || b.ymax() == 0.999f;
      if (touches) {
        clipped++;
      } else {
        assertThat(b.width()).isBetween(0.1f - 1e-6f, 0.5f + 1e-6f);
        assertThat(b.height() / b.width()).isBetween(0.5f - 1e-4f, 2f + 1e-4f);
      }
    }
    // Corners are uniform over the frame, so many boxes run off the far edges.
    assertThat(clipped).isGreaterThan(all.size() / 4);
  }

  @Test
  void releasedGeneratorCouplesAllFourDraws() {
    for (Box b : many(ProposalConfig.builder("random").set("generator", "released").build())) {
      float u = b.xmin();
      assertThat(b.ymin()).isEqualTo(u);
      float w = 0.1f + 0.4f * u;
      float h = w * (0.5f + 1.5f * u);
      assertThat(b.xmax()).isCloseTo(Math.min(u + w, 0.999f), org.assertj.core.data.Offset.offset(1e-5f));
      assertThat(b.ymax()).isCloseTo(Math.min(u + h, 0.999f), org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @Test
  void boxesDependOnSeedClipAndFrameOnly() {
    ProposalConfig a = ProposalConfig.builder("random").seed(7).build();
    ProposalConfig b = ProposalConfig.builder("random").seed(7).build();
    ProposalConfig other = ProposalConfig.builder("random").seed(8).build();
    assertThat(boxes(a, "x#0", 3)).isEqualTo(boxes(b, "x#0", 3));
    // Order of calls does not matter: each frame has its own generator.
    boxes(a, "x#0", 99);
    assertThat(boxes(a, "x#0", 3)).isEqualTo(boxes(b, "x#0", 3));
    assertThat(boxes(a, "x#0", 3)).isNotEqualTo(boxes(other, "x#0", 3));
    assertThat(boxes(a, "x#0", 3)).isNotEqualTo(boxes(a, "x#0", 4));
    assertThat(boxes(a, "x#0", 3)).isNotEqualTo(boxes(a, "x#1", 3));
  }

  @Test
  void configurableCountAndRanges() {
    List<Box> b = boxes(ProposalConfig.builder("random").set("boxes", "3").set("min-size", "0.2")
        .set("max-size", "0.2").set("min-aspect", "1").set("max-aspect", "1").build(), "c", 0);
    assertThat(b).hasSize(3).allSatisfy(x -> {
      assertThat(x.width()).isCloseTo(0.2f, org.assertj.core.data.Offset.offset(1e-5f));
      assertThat(x.height()).isCloseTo(0.2f, org.assertj.core.data.Offset.offset(1e-5f));
    });
  }

  @Test
  void boxesThatCannotFitAreAConfigError() {
    assertThatThrownBy(() -> ProposalConfig.builder("random").set("max-size", "0.8").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max-size x max-aspect <= 1");
  }
}
