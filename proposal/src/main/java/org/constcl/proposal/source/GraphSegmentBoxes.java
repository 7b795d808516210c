package org.constcl.proposal.source;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.global.opencv_ximgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_ximgproc.GraphSegmentation;
import org.constcl.proposal.record.Box;

/**
 * Felzenszwalb–Huttenlocher graph-based segments (OpenCV ximgproc) as boxes, at several scales:
 * for each scale c, the segmentation runs with {@code k = c} and minimum component size
 * {@code c} (the paper's "scale s = minimum cluster size c"), on the BGR frame smoothed with
 * {@code sigma}. Each segment becomes its minimal bounding box; boxes outside
 * {@code [min-size, max-size]} are dropped.
 *
 * <p>Choosing {@code segments} boxes when there are more: each scale's boxes are ranked by
 * segment area (largest first; ties by label), then the scales are interleaved round-robin in
 * the order listed, skipping a box whose IoU with one already chosen is at least
 * {@code dedupe-iou} (the same region found at both scales), until {@code segments} are chosen.
 * Labels say which scale a box came from ({@code c500}, {@code c1000}); scores are the segment's
 * share of the frame's pixels.
 */
final class GraphSegmentBoxes implements RegionProposer {
  static final Map<String, String> DEFAULTS = Map.of(
      "scales", "500,1000",
      "sigma", "0.8",
      "segments", "16",
      "dedupe-iou", "0.9",
      SizeFilter.MIN, "0.05",
      SizeFilter.MAX, "0.7");
  static final Engine ENGINE = new Engine(Engine.opencv("ximgproc-graph-segmentation"), DEFAULTS, Settings::from, false,
      true, c -> new GraphSegmentBoxes(Settings.from(c.params())));

  /** Validated parameters. */
  record Settings(List<Integer> scales, double sigma, int segments, double dedupeIou, SizeFilter filter) {
    static Settings from(SourceParams p) {
      return new Settings(
          p.integers("scales", 1, 1_000_000),
          p.number("sigma", 0, 100),
          p.integer("segments", 1, 4096),
          p.number("dedupe-iou", 0, 1),
          SizeFilter.from(p));
    }
  }

  private final Settings settings;
  private final List<GraphSegmentation> segmenters = new ArrayList<>();
  private final Mat labels = new Mat();
  private int[] scratch = new int[0];

  GraphSegmentBoxes(Settings settings) {
    this.settings = settings;
    for (int c : settings.scales) {
      segmenters.add(opencv_ximgproc.createGraphSegmentation(settings.sigma, c, c));
    }
  }

  @Override
  public List<Box> propose(FrameRef frame, Mat bgr) {
    int w = bgr.cols();
    int h = bgr.rows();
    List<List<Box>> perScale = new ArrayList<>();
    for (int i = 0; i < segmenters.size(); i++) {
      segmenters.get(i).processImage(bgr, labels);
      if (scratch.length < labels.total()) {
        scratch = new int[(int) labels.total()];
      }
      List<Segment> segs = new ArrayList<>(Segment.fromLabels(labels, scratch));
      segs.sort(Comparator.comparingLong((Segment s) -> -s.pixels()).thenComparingInt(Segment::label));
      String label = "c" + settings.scales.get(i);
      List<Box> boxes = new ArrayList<>();
      for (Segment s : segs) {
        Box b = s.box(w, h, label);
        if (settings.filter.keeps(b)) {
          boxes.add(b);
        }
      }
      perScale.add(boxes);
    }
    return interleave(perScale, settings.segments, settings.dedupeIou);
  }

  /** Round-robin over the ranked lists, skipping near-duplicates, up to {@code max} boxes. */
  static List<Box> interleave(List<List<Box>> ranked, int max, double dedupeIou) {
    List<Box> chosen = new ArrayList<>();
    int[] next = new int[ranked.size()];
    boolean progress = true;
    while (chosen.size() < max && progress) {
      progress = false;
      for (int s = 0; s < ranked.size() && chosen.size() < max; s++) {
        List<Box> list = ranked.get(s);
        while (next[s] < list.size()) {
          Box b = list.get(next[s]++);
          if (!overlapsAny(chosen, b, dedupeIou)) {
            chosen.add(b);
            progress = true;
            break;
          }
        }
      }
    }
    return chosen;
  }

  private static boolean overlapsAny(List<Box> chosen, Box b, double iou) {
    for (Box c : chosen) {
      if (c.iou(b) >= iou) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    segmenters.forEach(GraphSegmentation::close);
    labels.close();
  }
}
