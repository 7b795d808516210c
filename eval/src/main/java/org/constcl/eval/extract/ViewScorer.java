package org.constcl.eval.extract;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.constcl.eval.data.ClipGeometry;
import org.constcl.eval.data.ClipRef;
import org.constcl.eval.data.ClipRenderer;
import org.constcl.eval.data.FrameSource;
import org.constcl.eval.model.ClassifierModel;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * Runs a classifier SavedModel's {@value ClassifierModel#SIGNATURE} signature on every test view of
 * a video: reads its frames, renders the N × M views and returns features and logits per view. The
 * routine both the Beam pipeline and the plain-loop benchmark call. One per thread; close it.
 */
public final class ViewScorer implements AutoCloseable {
  private final ClipGeometry geometry;
  private final FrameSource frames = new FrameSource();
  private final ClipRenderer renderer;

  public ViewScorer(ClipGeometry geometry) {
    this.geometry = geometry;
    this.renderer = new ClipRenderer(geometry);
  }

  /** One video's views. */
  public record Scored(int[] starts, float[][] features, float[][] logits) {}

  /**
   * Scores the views of {@code segments}.
   *
   * @throws IOException if a shard cannot be read
   * @throws IllegalArgumentException if a frame is not a decodable JPEG
   */
  public Scored score(SavedModelBundle model, List<ClipRef> segments) throws IOException {
    List<byte[]> jpegs = frames.videoFrames(segments);
    ClipRef first = segments.get(0);
    byte[] views = renderer.renderTest(jpegs, first.width(), first.height());
    int n = geometry.views();
    Shape shape = Shape.of(n, geometry.frames(), geometry.testSize(), geometry.testSize(), 3);
    try (TUint8 clips = TUint8.tensorOf(shape, DataBuffers.of(views, true, false));
        Result r = model.function(ClassifierModel.SIGNATURE).call(Map.<String, Tensor>of("clips", clips))) {
      float[][] features = rows((TFloat32) r.get("features").orElseThrow(), n);
      float[][] logits = rows((TFloat32) r.get("logits").orElseThrow(), n);
      return new Scored(renderer.testStarts(jpegs.size()), features, logits);
    }
  }

  private static float[][] rows(TFloat32 t, int n) {
    int width = (int) (t.shape().size() / n);
    float[] all = new float[n * width];
    t.asRawTensor().data().asFloats().read(all);
    float[][] out = new float[n][width];
    for (int i = 0; i < n; i++) {
      System.arraycopy(all, i * width, out[i], 0, width);
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    renderer.close();
    frames.close();
  }
}
