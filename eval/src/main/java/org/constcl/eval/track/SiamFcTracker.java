package org.constcl.eval.track;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * SiamFC's online tracking with its published inference settings: the exemplar cut once from the
 * first frame; per frame, search crops at three scales (step 1.0375) around the last position,
 * responses upsampled ×16 (bicubic), non-centre scales penalised (0.9745), the best scale's
 * response normalised and blended with a Hann window (influence 0.176), the peak's offset mapped
 * back to the frame, the size updated with learning rate 0.59. Boxes are 0-based x, y, w, h.
 */
public final class SiamFcTracker {
  /** Inference settings (SiamFC's defaults in {@link #siamFc()}). */
  public record Settings(int scales, double scaleStep, double scalePenalty, double scaleLr, double windowInfluence, int upsample) {
    public static Settings siamFc() {
      return new Settings(3, 1.0375, 0.9745, 0.59, 0.176, 16);
    }
  }

  private final SiamFcModel model;
  private final Settings settings;
  private final double[] scaleFactors;
  private final float[] window;
  private final int up;
  private float[] template;
  private double cx;
  private double cy;
  private double w;
  private double h;
  private double searchSide;
  private double minSide;

  public SiamFcTracker(SiamFcModel model, Settings settings) {
    this.model = model;
    this.settings = settings;
    scaleFactors = new double[settings.scales()];
    for (int i = 0; i < scaleFactors.length; i++) {
      scaleFactors[i] = Math.pow(settings.scaleStep(), i - (settings.scales() - 1) / 2.0);
    }
    up = model.responseSize() * settings.upsample();
    window = hann(up);
  }

  /** Starts on {@code frame} (BGR) with the target box. */
  public void init(Mat frame, double[] box) {
    w = box[2];
    h = box[3];
    cx = box[0] + (w - 1) / 2;
    cy = box[1] + (h - 1) / 2;
    SiamFcConfig c = model.config();
    double exemplarSide = TrackingCrops.exemplarSide(w, h);
    searchSide = exemplarSide * c.searchSize() / c.exemplarSize();
    minSide = 0.2 * searchSide;
    byte[] crop = new byte[c.exemplarSize() * c.exemplarSize() * 3];
    try (Scalar mean = TrackingCrops.meanColour(frame)) {
      TrackingCrops.crop(frame, mean, cx, cy, exemplarSide, c.exemplarSize(), crop, 0);
    }
    template = model.template(crop);
  }

  /** The target's box in the next frame (BGR). */
  public double[] update(Mat frame) {
    SiamFcConfig c = model.config();
    int x = c.searchSize();
    int n = scaleFactors.length;
    byte[] crops = new byte[n * x * x * 3];
    try (Scalar mean = TrackingCrops.meanColour(frame)) {
      for (int s = 0; s < n; s++) {
        TrackingCrops.crop(frame, mean, cx, cy, searchSide * scaleFactors[s], x, crops, s * x * x * 3);
      }
    }
    int r = model.responseSize();
    float[] responses = model.respond(template, crops, n);
    float[][] upsampled = new float[n][];
    int best = 0;
    double bestPeak = Double.NEGATIVE_INFINITY;
    for (int s = 0; s < n; s++) {
      upsampled[s] = upsample(responses, s * r * r, r);
      double penalty = s == (n - 1) / 2 ? 1 : settings.scalePenalty();
      double peak = Double.NEGATIVE_INFINITY;
      for (float v : upsampled[s]) {
        peak = Math.max(peak, v);
      }
      peak *= penalty;
      if (peak > bestPeak) {
        bestPeak = peak;
        best = s;
      }
    }
    float[] map = upsampled[best];
    double min = Double.POSITIVE_INFINITY;
    double sum = 0;
    for (float v : map) {
      min = Math.min(min, v);
    }
    for (float v : map) {
      sum += v - min;
    }
    int argmax = 0;
    double top = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < map.length; i++) {
      double v = (1 - settings.windowInfluence()) * (sum > 0 ? (map[i] - min) / sum : 0) + settings.windowInfluence() * window[i];
      if (v > top) {
        top = v;
        argmax = i;
      }
    }
    double dy = argmax / up - (up - 1) / 2.0;
    double dx = argmax % up - (up - 1) / 2.0;
    // Response cells are TOTAL_STRIDE search-crop pixels apart; the search crop shows searchSide·scale frame pixels.
    double toFrame = SiamFcConfig.TOTAL_STRIDE / (double) settings.upsample() * searchSide * scaleFactors[best] / x;
    cx = Math.max(0, Math.min(frame.cols() - 1, cx + dx * toFrame));
    cy = Math.max(0, Math.min(frame.rows() - 1, cy + dy * toFrame));
    double f = (1 - settings.scaleLr()) + settings.scaleLr() * scaleFactors[best];
    double grown = Math.max(minSide, Math.min(5 * Math.max(frame.cols(), frame.rows()), searchSide * f));
    f = grown / searchSide;
    searchSide = grown;
    w *= f;
    h *= f;
    return new double[] {cx - (w - 1) / 2, cy - (h - 1) / 2, w, h};
  }

  private float[] upsample(float[] responses, int offset, int r) {
    try (Mat small = new Mat(r, r, CV_32F); Mat big = new Mat(); Size size = new Size(up, up);
        FloatIndexer in = small.createIndexer()) {
      for (int i = 0; i < r; i++) {
        for (int j = 0; j < r; j++) {
          in.put(i, j, responses[offset + i * r + j]);
        }
      }
      resize(small, big, size, 0, 0, INTER_CUBIC);
      float[] out = new float[up * up];
      try (FloatIndexer o = big.createIndexer()) {
        for (int i = 0; i < up; i++) {
          for (int j = 0; j < up; j++) {
            out[i * up + j] = o.get(i, j);
          }
        }
      }
      return out;
    }
  }

  /** Outer product of two Hann windows, normalised to sum 1. */
  private static float[] hann(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 1) / (n + 1));
    }
    float[] out = new float[n * n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        sum += v[i] * v[j];
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        out[i * n + j] = (float) (v[i] * v[j] / sum);
      }
    }
    return out;
  }
}
