package org.constcl.proposal.source;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.HOGDescriptor;
import org.constcl.proposal.record.Box;

/**
 * People boxes from OpenCV's HOG descriptor with its default people SVM (Dalal–Triggs, 64x128
 * window), which ships inside the OpenCV library: no model file is needed.
 *
 * <p>The window finds people about 96 px tall, so frames are upscaled by
 * {@code 96 / min-person-px} first (3x at the default: people 32 px tall in a 256-px-high frame
 * are found). Multi-scale detections are grouped by OpenCV ({@code group-threshold}), boxes are
 * shrunk to the person inside the window as in OpenCV's people-detector sample
 * ({@code tighten}), scored by the SVM margin, thresholded ({@code score-threshold}), and
 * overlapping boxes are suppressed ({@code nms-iou}).
 */
final class HogPeopleDetector implements RegionProposer {
  static final Map<String, String> DEFAULTS = Map.of(
      "min-person-px", "32",
      "max-upscaled-side", "2048",
      "win-stride", "8",
      "pyramid-scale", "1.05",
      "group-threshold", "2",
      "hit-threshold", "0",
      "score-threshold", "0",
      "nms-iou", "0.45",
      "max-boxes", "32",
      "tighten", "true");
  static final Engine ENGINE = new Engine(Engine.opencv("hog-default-people"), DEFAULTS, Settings::from, false, true,
      c -> new HogPeopleDetector(Settings.from(c.params())));
  /** Height of a person inside the 128-px detection window. */
  static final double WINDOW_PERSON_PX = 96.0;

  /** Validated parameters. */
  record Settings(
      double minPersonPx,
      int maxUpscaledSide,
      int winStride,
      double pyramidScale,
      int groupThreshold,
      double hitThreshold,
      double scoreThreshold,
      double nmsIou,
      int maxBoxes,
      boolean tighten) {
    static Settings from(SourceParams p) {
      int stride = p.integer("win-stride", 1, 64);
      if (stride % 8 != 0) {
        // The descriptor is computed on 8-px cells; other strides make OpenCV assert.
        throw new IllegalArgumentException("source person: win-stride must be a multiple of 8, got " + stride);
      }
      return new Settings(
          p.number("min-person-px", 4, 1024),
          p.integer("max-upscaled-side", 128, 8192),
          stride,
          p.number("pyramid-scale", 1.01, 2),
          p.integer("group-threshold", 0, 100),
          p.number("hit-threshold", -10, 10),
          p.number("score-threshold", -10, 100),
          p.number("nms-iou", 0, 1),
          p.integer("max-boxes", 1, 1024),
          p.flag("tighten"));
    }
  }

  private final Settings settings;
  private final HOGDescriptor hog = new HOGDescriptor();
  private final Mat svm;
  private final Mat scaled = new Mat();

  HogPeopleDetector(Settings settings) {
    this.settings = settings;
    this.svm = new Mat(HOGDescriptor.getDefaultPeopleDetector());
    hog.setSVMDetector(svm);
  }

  @Override
  public List<Box> propose(FrameRef frame, Mat bgr) {
    int w = bgr.cols();
    int h = bgr.rows();
    double up = WINDOW_PERSON_PX / settings.minPersonPx;
    up = Math.min(up, (double) settings.maxUpscaledSide / Math.max(w, h));
    Mat input = bgr;
    if (Math.abs(up - 1.0) > 1e-9) {
      try (Size size = new Size((int) Math.round(w * up), (int) Math.round(h * up))) {
        resize(bgr, scaled, size, 0, 0, INTER_LINEAR);
      }
      input = scaled;
    }
    double sx = (double) input.cols() / w;
    double sy = (double) input.rows() / h;
    List<Box> found = new ArrayList<>();
    try (RectVector rects = new RectVector();
        DoublePointer weights = new DoublePointer();
        Size stride = new Size(settings.winStride, settings.winStride);
        Size padding = new Size(0, 0)) {
      hog.detectMultiScale(input, rects, weights, settings.hitThreshold, stride, padding,
          settings.pyramidScale, settings.groupThreshold, false);
      for (int i = 0; i < rects.size(); i++) {
        Rect r = rects.get(i);
        double score = i < weights.limit() ? weights.get(i) : 0.0;
        if (score < settings.scoreThreshold) {
          continue;
        }
        double x0 = r.x();
        double y0 = r.y();
        double rw = r.width();
        double rh = r.height();
        if (settings.tighten) {
          x0 += 0.1 * rw;
          y0 += 0.07 * rh;
          rw *= 0.8;
          rh *= 0.8;
        }
        found.add(Box.fromPixels(x0 / sx, y0 / sy, (x0 + rw) / sx, (y0 + rh) / sy, w, h, (float) score, "person"));
      }
    }
    found.sort(Box.BY_SCORE);
    return Nms.suppress(found, settings.nmsIou, settings.maxBoxes);
  }

  @Override
  public void close() {
    hog.close();
    svm.close();
    scaled.close();
  }
}
