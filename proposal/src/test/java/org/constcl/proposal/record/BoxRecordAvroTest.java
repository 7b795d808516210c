package org.constcl.proposal.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.constcl.transforms.record.AvroBytes;
import org.junit.jupiter.api.Test;

class BoxRecordAvroTest {
  static BoxRecord sample() {
    return new BoxRecord("v.mp4#0", "v.mp4", "person", "e", "sha256:x", "{}", null, 10, 342, 256, List.of(0, 4, 8),
        List.of(List.of(new Box(0.1f, 0.2f, 0.3f, 0.4f, 2.5f, "person")), List.of(),
            List.of(new Box(0, 0, 1, 1, 0.5f, null), new Box(0.5f, 0.5f, 0.6f, 0.6f, 0.1f, "person"))));
  }

  @Test
  void roundTripsThroughAvroBytes() {
    BoxRecord r = sample();
    byte[] bytes = AvroBytes.encode(BoxRecordAvro.SCHEMA, BoxRecordAvro.toAvro(r));
    assertThat(BoxRecordAvro.fromAvro(AvroBytes.decode(BoxRecordAvro.SCHEMA, bytes))).isEqualTo(r);
    assertThat(r.boxCount()).isEqualTo(3);
    assertThat(r.status()).isEqualTo("ok");
  }

  @Test
  void framesWithoutBoxesUseTheNearestEarlierFrame() {
    BoxRecord r = sample();
    assertThat(r.boxesAtOrBefore(0)).isEqualTo(r.frames().get(0));
    assertThat(r.boxesAtOrBefore(3)).isEqualTo(r.frames().get(0));
    assertThat(r.boxesAtOrBefore(5)).isEmpty();
    assertThat(r.boxesAtOrBefore(9)).isEqualTo(r.frames().get(2));
  }

  @Test
  void invalidRecordsAreRefused() {
    assertThatThrownBy(() -> new Box(0.5f, 0, 0.4f, 1, 1, null)).hasMessageContaining("inverted");
    assertThatThrownBy(() -> new Box(0, 0, 1.2f, 1, 1, null)).hasMessageContaining("outside the unit square");
    assertThatThrownBy(() -> new BoxRecord("c", "v", "s", "e", "d", "{}", null, 4, 8, 8, List.of(0, 4), List.of(List.of(), List.of())))
        .hasMessageContaining("frame indices must ascend within [0, 4)");
  }

  @Test
  void iou() {
    Box a = new Box(0, 0, 0.5f, 0.5f, 1, null);
    assertThat(a.iou(a)).isEqualTo(1f);
    assertThat(a.iou(new Box(0.5f, 0.5f, 1, 1, 1, null))).isZero();
    assertThat(a.iou(new Box(0, 0.25f, 0.5f, 0.75f, 1, null))).isCloseTo(1f / 3, org.assertj.core.data.Offset.offset(1e-6f));
  }
}
