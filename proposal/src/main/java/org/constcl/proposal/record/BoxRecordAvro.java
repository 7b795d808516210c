package org.constcl.proposal.record;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Converts {@link BoxRecord}s to and from their Avro form ({@code box_record.avsc}). */
public final class BoxRecordAvro {
  /** The box record schema. */
  public static final Schema SCHEMA = load("box_record.avsc");

  private static final Schema FRAME = SCHEMA.getField("frames").schema().getElementType();
  private static final Schema BOX = FRAME.getField("boxes").schema().getElementType();

  private BoxRecordAvro() {}

  /** The Avro form of {@code r}. */
  public static GenericRecord toAvro(BoxRecord r) {
    GenericData.Record g = new GenericData.Record(SCHEMA);
    g.put("clip_id", r.clipId());
    g.put("video_id", r.videoId());
    g.put("source", r.source());
    g.put("engine", r.engine());
    g.put("config_digest", r.configDigest());
    g.put("config", r.config());
    g.put("status", r.status());
    g.put("reject_reason", r.rejectReason());
    g.put("num_frames", r.numFrames());
    g.put("width", r.width());
    g.put("height", r.height());
    g.put("frame_indices", new ArrayList<>(r.frameIndices()));
    List<GenericRecord> frames = new ArrayList<>(r.frames().size());
    for (List<Box> boxes : r.frames()) {
      List<GenericRecord> bs = new ArrayList<>(boxes.size());
      for (Box b : boxes) {
        GenericData.Record gb = new GenericData.Record(BOX);
        gb.put("ymin", b.ymin());
        gb.put("xmin", b.xmin());
        gb.put("ymax", b.ymax());
        gb.put("xmax", b.xmax());
        gb.put("score", b.score());
        gb.put("label", b.label());
        bs.add(gb);
      }
      GenericData.Record gf = new GenericData.Record(FRAME);
      gf.put("boxes", bs);
      frames.add(gf);
    }
    g.put("frames", frames);
    return g;
  }

  /** Reads a box record from its Avro form. */
  public static BoxRecord fromAvro(GenericRecord g) {
    List<Integer> indices = new ArrayList<>();
    for (Object o : (List<?>) g.get("frame_indices")) {
      indices.add(((Number) o).intValue());
    }
    List<List<Box>> frames = new ArrayList<>();
    for (Object f : (List<?>) g.get("frames")) {
      List<Box> boxes = new ArrayList<>();
      for (Object o : (List<?>) ((GenericRecord) f).get("boxes")) {
        GenericRecord b = (GenericRecord) o;
        boxes.add(new Box(
            ((Number) b.get("ymin")).floatValue(),
            ((Number) b.get("xmin")).floatValue(),
            ((Number) b.get("ymax")).floatValue(),
            ((Number) b.get("xmax")).floatValue(),
            ((Number) b.get("score")).floatValue(),
            str(b.get("label"))));
      }
      frames.add(boxes);
    }
    return new BoxRecord(
        str(g.get("clip_id")),
        str(g.get("video_id")),
        str(g.get("source")),
        str(g.get("engine")),
        str(g.get("config_digest")),
        str(g.get("config")),
        str(g.get("reject_reason")),
        ((Number) g.get("num_frames")).intValue(),
        ((Number) g.get("width")).intValue(),
        ((Number) g.get("height")).intValue(),
        indices,
        frames);
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  private static Schema load(String resource) {
    try (InputStream in = BoxRecordAvro.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema resource missing: " + resource);
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
