package org.constcl.transforms.record;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Converts {@link ClipRecord}s to and from Avro {@link GenericRecord}s of {@link #SCHEMA}. */
public final class ClipRecordAvro {
  /** The clip record schema ({@code clip_record.avsc}). */
  public static final Schema SCHEMA = loadSchema("clip_record.avsc");

  private ClipRecordAvro() {}

  static Schema loadSchema(String resource) {
    try (InputStream in = ClipRecordAvro.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema resource missing: " + resource);
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Avro form of {@code r}. Frame byte arrays are wrapped, not copied. */
  public static GenericRecord toAvro(ClipRecord r) {
    GenericData.Record g = new GenericData.Record(SCHEMA);
    g.put("clip_id", r.clipId());
    g.put("video_id", r.videoId());
    g.put("source_uri", r.sourceUri());
    g.put("source_sha256", r.sourceSha256());
    g.put("source_codec", r.sourceCodec());
    g.put("segment_index", r.segmentIndex());
    g.put("num_segments", r.numSegments());
    g.put("start_frame", r.startFrame());
    g.put("frame_stride", r.frameStride());
    g.put("fps", r.fps());
    g.put("num_frames", r.numFrames());
    g.put("width", r.width());
    g.put("height", r.height());
    g.put("source_width", r.sourceWidth());
    g.put("source_height", r.sourceHeight());
    List<Long> ts = new ArrayList<>(r.numFrames());
    List<ByteBuffer> frames = new ArrayList<>(r.numFrames());
    for (int i = 0; i < r.numFrames(); i++) {
      ts.add(r.timestampUs(i));
      frames.add(ByteBuffer.wrap(r.frames().get(i)));
    }
    g.put("timestamps_us", ts);
    g.put("frames", frames);
    g.put("short_video", r.shortVideo());
    g.put("label", r.label());
    g.put("label_index", r.labelIndex());
    g.put("split", r.split());
    return g;
  }

  /** Reads a clip record from its Avro form, checking the stored clip id. */
  public static ClipRecord fromAvro(GenericRecord g) {
    List<?> tsList = (List<?>) g.get("timestamps_us");
    List<?> frameList = (List<?>) g.get("frames");
    long[] ts = new long[tsList.size()];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = (Long) tsList.get(i);
    }
    List<byte[]> frames = new ArrayList<>(frameList.size());
    for (Object o : frameList) {
      frames.add(bytes((ByteBuffer) o));
    }
    ClipRecord r =
        ClipRecord.builder()
            .videoId(str(g, "video_id"))
            .sourceUri(str(g, "source_uri"))
            .sourceSha256(str(g, "source_sha256"))
            .sourceCodec(str(g, "source_codec"))
            .segmentIndex((Integer) g.get("segment_index"))
            .numSegments((Integer) g.get("num_segments"))
            .startFrame((Integer) g.get("start_frame"))
            .frameStride((Integer) g.get("frame_stride"))
            .fps((Double) g.get("fps"))
            .size((Integer) g.get("width"), (Integer) g.get("height"))
            .sourceSize((Integer) g.get("source_width"), (Integer) g.get("source_height"))
            .frames(frames, ts)
            .shortVideo((Boolean) g.get("short_video"))
            .label(str(g, "label"), (Integer) g.get("label_index"))
            .split(str(g, "split"))
            .build();
    String stored = str(g, "clip_id");
    if (!r.clipId().equals(stored)) {
      throw new IllegalArgumentException(
          "clip record " + stored + " is inconsistent: video_id and segment_index give " + r.clipId());
    }
    if ((Integer) g.get("num_frames") != r.numFrames()) {
      throw new IllegalArgumentException(
          "clip record " + stored + " says num_frames " + g.get("num_frames") + " but holds "
              + r.numFrames() + " frames");
    }
    return r;
  }

  static String str(GenericRecord g, String field) {
    Object v = g.get(field);
    return v == null ? null : v.toString();
  }

  static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }
}
