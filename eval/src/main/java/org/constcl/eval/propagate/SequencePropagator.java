package org.constcl.eval.propagate;

import java.util.ArrayList;
import java.util.List;

/**
 * One sequence through the frozen backbone and the propagation: every frame's features (frame t
 * the centre of a clip of its neighbours, {@code frameStride} apart, clamped at the ends), then the
 * first frame's labels carried through them. The routine both the benchmark run and the speed
 * benchmark call.
 */
public final class SequencePropagator {
  private final FrameFeatures features;
  private final LabelPropagation propagation;
  private final int frameStride;
  private final int batch;

  public SequencePropagator(FrameFeatures features, LabelPropagation.Settings settings, int frameStride, int batch) {
    this.features = features;
    this.propagation = new LabelPropagation(settings, features);
    this.frameStride = frameStride;
    this.batch = batch;
  }

  /** Features of every frame (uint8 RGB [height, width, 3] each, the extractor's size). */
  public List<FrameFeatures.FeatureMap> features(List<byte[]> rgb) {
    int n = rgb.size();
    int frames = features.frames();
    int frameBytes = rgb.get(0).length;
    List<FrameFeatures.FeatureMap> maps = new ArrayList<>(n);
    for (int start = 0; start < n; start += batch) {
      int count = Math.min(batch, n - start);
      byte[] clips = new byte[count * frames * frameBytes];
      for (int c = 0; c < count; c++) {
        for (int i = 0; i < frames; i++) {
          int index = Math.max(0, Math.min(n - 1, start + c + frameStride * (i - frames / 2)));
          System.arraycopy(rgb.get(index), 0, clips, (c * frames + i) * frameBytes, frameBytes);
        }
      }
      maps.addAll(List.of(features.extract(clips, count)));
    }
    return maps;
  }

  /** Soft labels [h·w, objects + 1] of every frame, from the first frame's annotation. */
  public List<float[]> propagate(List<FrameFeatures.FeatureMap> maps, LabelMap first, int objects) {
    FrameFeatures.FeatureMap shape = maps.get(0);
    float[] firstSoft = SoftLabels.fromLabels(first, objects + 1, shape.height(), shape.width());
    List<float[]> values = new ArrayList<>(maps.size());
    maps.forEach(m -> values.add(m.values()));
    return propagation.propagate(values, shape.height(), shape.width(), shape.channels(), firstSoft, objects + 1);
  }
}
