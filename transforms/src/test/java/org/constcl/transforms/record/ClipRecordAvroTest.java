package org.constcl.transforms.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class ClipRecordAvroTest {
  static ClipRecord sample(String videoId, int segment) {
    return ClipRecord.builder()
        .videoId(videoId)
        .sourceUri("/data/" + videoId)
        .sourceSha256("ab".repeat(32))
        .sourceCodec("h264")
        .segmentIndex(segment)
        .numSegments(segment + 1)
        .startFrame(10 * segment)
        .frameStride(2)
        .fps(29.97)
        .size(342, 256)
        .sourceSize(640, 480)
        .frames(List.of(new byte[] {1, 2, 3}, new byte[] {4, 5}), new long[] {0, 66733})
        .shortVideo(true)
        .label("walk", 3)
        .split("train")
        .build();
  }

  @Test
  void roundTripsThroughAvroAndTheCoder() throws Exception {
    ClipRecord r = sample("a/b.mp4", 1);
    assertThat(ClipRecordAvro.fromAvro(ClipRecordAvro.toAvro(r))).isEqualTo(r);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ClipRecordCoder.of().encode(r, out);
    assertThat(ClipRecordCoder.of().decode(new ByteArrayInputStream(out.toByteArray()))).isEqualTo(r);
    assertThat(r.clipId()).isEqualTo("a/b.mp4#1");
    assertThat(r.frameBytes()).isEqualTo(5);
  }

  @Test
  void optionalFieldsMayBeNull() {
    ClipRecord r = sample("x.avi", 0).toBuilder().label(null, null).split(null).build();
    ClipRecord back = ClipRecordAvro.fromAvro(ClipRecordAvro.toAvro(r));
    assertThat(back.label()).isNull();
    assertThat(back.labelIndex()).isNull();
    assertThat(back.split()).isNull();
  }

  @Test
  void rejectsAnInconsistentStoredClipId() {
    GenericRecord g = ClipRecordAvro.toAvro(sample("x.avi", 0));
    g.put("clip_id", "y.avi#0");
    assertThatThrownBy(() -> ClipRecordAvro.fromAvro(g)).hasMessageContaining("inconsistent");
  }

  @Test
  void rejectsFramesWithoutTimestamps() {
    assertThatThrownBy(() -> sample("x.avi", 0).toBuilder().frames(List.of(new byte[1]), new long[0]).build())
        .hasMessageContaining("1 frames but 0 timestamps");
  }

  @Test
  void streamedDigestEqualsTheDigestOfTheEncoding() {
    ClipRecord r = sample("x.avi", 0);
    assertThat(AvroBytes.sha256(ClipRecordAvro.SCHEMA, ClipRecordAvro.toAvro(r)))
        .isEqualTo(RecordDigest.sha256(AvroBytes.encode(ClipRecordAvro.SCHEMA, ClipRecordAvro.toAvro(r))));
  }

  @Test
  void avroEncodingIsCanonical() {
    ClipRecord r = sample("x.avi", 0);
    byte[] a = AvroBytes.encode(ClipRecordAvro.SCHEMA, ClipRecordAvro.toAvro(r));
    byte[] b = AvroBytes.encode(ClipRecordAvro.SCHEMA, ClipRecordAvro.toAvro(ClipRecordAvro.fromAvro(ClipRecordAvro.toAvro(r))));
    assertThat(a).isEqualTo(b);
  }
}
