package org.constcl.eval.extract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** The feature record's Avro schema and conversions. */
public final class FeatureRecords {
  public static final Schema SCHEMA = load();

  private FeatureRecords() {}

  private static Schema load() {
    try (InputStream in = FeatureRecords.class.getResourceAsStream("feature_record.avsc")) {
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One view's record. */
  public static GenericRecord of(VideoTask task, int view, int clip, int crop, int startFrame, float[] features,
      float[] logits) {
    GenericData.Record g = new GenericData.Record(SCHEMA);
    g.put("video_id", task.videoId());
    g.put("label", task.label());
    g.put("label_index", task.labelIndex());
    g.put("view", view);
    g.put("clip_index", clip);
    g.put("crop_index", crop);
    g.put("start_frame", startFrame);
    g.put("features", toList(features));
    g.put("logits", toList(logits));
    return g;
  }

  private static List<Float> toList(float[] v) {
    List<Float> l = new ArrayList<>(v.length);
    for (float f : v) {
      l.add(f);
    }
    return l;
  }

  /** A float array field of {@code g}. */
  @SuppressWarnings("unchecked")
  public static float[] floats(GenericRecord g, String field) {
    List<Float> l = (List<Float>) g.get(field);
    float[] v = new float[l.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = l.get(i);
    }
    return v;
  }
}
