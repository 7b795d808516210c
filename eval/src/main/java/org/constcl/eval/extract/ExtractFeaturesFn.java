package org.constcl.eval.extract;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.constcl.eval.data.ClipGeometry;
import org.constcl.transforms.record.AvroBytes;
import org.constcl.transforms.record.Reject;

/**
 * Scores one test video per element with the classifier SavedModel, loaded once per worker JVM:
 * emits one feature record per view (keyed by video id and view), or a reject when the video's
 * frames cannot be read or decoded.
 */
final class ExtractFeaturesFn extends DoFn<VideoTask, KV<String, byte[]>> {
  static final TupleTag<KV<String, byte[]>> FEATURES = new TupleTag<>() {};
  static final TupleTag<Reject> REJECTS = new TupleTag<>() {};
  static final String STAGE = "features";

  private final String modelPath;
  private final ClipGeometry geometry;
  private final Counter videos = Metrics.counter(ExtractFeaturesFn.class, "videos");
  private final Counter views = Metrics.counter(ExtractFeaturesFn.class, "views");
  private transient SharedSavedModel model;
  private transient ViewScorer scorer;

  ExtractFeaturesFn(String modelPath, ClipGeometry geometry) {
    this.modelPath = modelPath;
    this.geometry = geometry;
  }

  @Setup
  public void setup() {
    model = SharedSavedModel.acquire(modelPath);
    scorer = new ViewScorer(geometry);
  }

  @ProcessElement
  public void process(@Element VideoTask task, MultiOutputReceiver out) {
    ViewScorer.Scored s;
    try {
      s = scorer.score(model.bundle(), task.segments());
    } catch (java.io.IOException | IllegalArgumentException e) {
      out.get(REJECTS).output(new Reject(task.videoId(), STAGE, "unreadable_frames", String.valueOf(e.getMessage())));
      return;
    }
    int crops = geometry.testCrops();
    for (int v = 0; v < s.logits().length; v++) {
      byte[] row = AvroBytes.encode(FeatureRecords.SCHEMA, FeatureRecords.of(task, v, v / crops, v % crops, s.starts()[v / crops],
          s.features()[v], s.logits()[v]));
      out.get(FEATURES).output(KV.of(task.videoId() + "#" + String.format("%04d", v), row));
    }
    videos.inc();
    views.inc(s.logits().length);
  }

  @Teardown
  public void teardown() throws java.io.IOException {
    if (scorer != null) {
      scorer.close();
    }
    if (model != null) {
      model.release();
    }
  }
}
