package org.constcl.proposal.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bytedeco.opencv.opencv_core.Mat;
import org.constcl.proposal.detect.Detector;
import org.constcl.proposal.detect.InputSpec;
import org.constcl.proposal.detect.ModelFile;
import org.constcl.proposal.detect.RawDetection;
import org.constcl.proposal.record.Box;

/**
 * Boxes from a user-provided detector model (person and object sources with {@code --model}):
 * detections of the kept classes ({@code classes}) scoring at least {@code score-threshold} are
 * clamped to the frame, ranked by score, and overlapping ones suppressed per class
 * ({@code nms-iou}), up to {@code max-boxes}. Person boxes are labelled {@code person}; object
 * boxes carry their class id.
 */
final class DetectorBoxes implements RegionProposer {

  /**
   * The engine running a user's model for source {@code source}; a {@code person} source keeps class
   * 1 (person in COCO label maps with background 0) and labels its boxes {@code person}.
   */
  static Engine engine(String source, boolean person, ModelFile.Format format) {
    String id = format == ModelFile.Format.ONNX ? Engine.opencv("dnn-onnx") : "tensorflow-java/saved-model";
    return new Engine(id, defaults(person), p -> Settings.from(source, person, p), false, true,
        c -> new DetectorBoxes(Settings.from(source, person, c.params()), c.model()));
  }

  static Map<String, String> defaults(boolean person) {
    Map<String, String> d = new HashMap<>();
    d.put("score-threshold", person ? "0.5" : "0.3");
    d.put("nms-iou", "0.5");
    d.put("max-boxes", person ? "32" : "16");
    d.put("classes", person ? "1" : "all");
    d.put("input-size", "native");
    d.put("pixel-scale", "0.00392156862745098");
    d.put("pixel-mean", "0,0,0");
    d.put("rgb", "true");
    d.put("signature", "serving_default");
    return d;
  }

  /** Validated parameters. */
  record Settings(
      double scoreThreshold, double nmsIou, int maxBoxes, Set<Integer> classes, InputSpec input, String signature,
      String label) {
    static Settings from(String source, boolean person, SourceParams p) {
      String cls = p.string("classes");
      Set<Integer> keep = cls.equals("all") ? null : new TreeSet<>(p.integers("classes", 0, 1_000_000));
      int w = 0;
      int h = 0;
      String size = p.string("input-size");
      if (!size.equals("native")) {
        String[] wh = size.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
          w = Integer.parseInt(wh[0]);
          h = Integer.parseInt(wh[1]);
        } catch (RuntimeException e) {
          w = -1;
        }
        if (wh.length != 2 || w < 1 || h < 1 || w > 8192 || h > 8192) {
          throw new IllegalArgumentException("source " + source + ": input-size=" + size
              + " is invalid; expected native or WxH, e.g. 640x480");
        }
      }
      String[] meanParts = p.string("pixel-mean").split(",");
      if (meanParts.length != 3) {
        throw new IllegalArgumentException("source " + source + ": pixel-mean needs three comma-separated numbers");
      }
      double[] mean = new double[3];
      for (int i = 0; i < 3; i++) {
        try {
          mean[i] = Double.parseDouble(meanParts[i].trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("source " + source + ": pixel-mean=" + p.string("pixel-mean") + " is invalid");
        }
      }
      return new Settings(
          p.number("score-threshold", 0, 1),
          p.number("nms-iou", 0, 1),
          p.integer("max-boxes", 1, 4096),
          keep,
          new InputSpec(w, h, p.number("pixel-scale", 1e-9, 1e9), mean, p.flag("rgb")),
          p.string("signature"),
          person ? "person" : null);
    }
  }

  private final Settings settings;
  private final Detector detector;

  DetectorBoxes(Settings settings, ModelFile model) {
    this.settings = settings;
    this.detector = Detector.load(model, settings.input, settings.signature);
  }

  @Override
  public List<Box> propose(FrameRef frame, Mat bgr) {
    List<RawDetection> raw = detector.detect(bgr);
    Map<Integer, List<Box>> byClass = new java.util.TreeMap<>();
    for (RawDetection d : raw) {
      if (!(d.score() >= settings.scoreThreshold) || (settings.classes != null && !settings.classes.contains(d.classId()))) {
        continue;
      }
      float y0 = clamp(Math.min(d.ymin(), d.ymax()));
      float x0 = clamp(Math.min(d.xmin(), d.xmax()));
      float y1 = clamp(Math.max(d.ymin(), d.ymax()));
      float x1 = clamp(Math.max(d.xmin(), d.xmax()));
      if (y1 <= y0 || x1 <= x0) {
        continue;
      }
      String label = settings.label != null ? settings.label : Integer.toString(d.classId());
      byClass.computeIfAbsent(d.classId(), k -> new ArrayList<>()).add(new Box(y0, x0, y1, x1, d.score(), label));
    }
    List<Box> all = new ArrayList<>();
    for (List<Box> boxes : byClass.values()) {
      boxes.sort(Box.BY_SCORE);
      all.addAll(Nms.suppress(boxes, settings.nmsIou, settings.maxBoxes));
    }
    all.sort(Box.BY_SCORE);
    return List.copyOf(all.subList(0, Math.min(settings.maxBoxes, all.size())));
  }

  private static float clamp(float v) {
    return Math.max(0f, Math.min(1f, v));
  }

  @Override
  public void close() {
    detector.close();
  }
}
