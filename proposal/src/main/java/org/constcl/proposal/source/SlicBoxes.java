package org.constcl.proposal.source;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2Lab;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.opencv.global.opencv_ximgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_ximgproc.SuperpixelSLIC;
import org.constcl.proposal.record.Box;

/**
 * SLIC superpixels (OpenCV ximgproc, on the CIE Lab frame) as boxes: the frame is segmented into
 * about {@code superpixels} superpixels, the {@code superpixels} largest are converted to their
 * minimal bounding boxes, and boxes whose width or height falls outside
 * {@code [min-size, max-size]} of the frame are dropped.
 *
 * <p>SLIC seeds a regular grid of {@code region size} cells, about
 * {@code round(w / size) x round(h / size)} of them, and merges small fragments. The region size
 * is the largest whose grid has at least {@code superpixels} cells (73 px for 342x256 frames: 20
 * cells); should merging leave fewer than {@code superpixels}, it shrinks by 10% and SLIC runs
 * again (at most twice).
 */
final class SlicBoxes implements RegionProposer {
  static final Map<String, String> DEFAULTS = Map.of(
      "superpixels", "16",
      "algorithm", "slico",
      "ruler", "10",
      "iterations", "10",
      "min-element-percent", "25",
      SizeFilter.MIN, "0.05",
      SizeFilter.MAX, "0.7");
  static final Engine ENGINE = new Engine(Engine.opencv("ximgproc-slic"), DEFAULTS, Settings::from, false, true,
      c -> new SlicBoxes(Settings.from(c.params())));
  private static final int MAX_RETRIES = 2;

  /** Validated parameters. */
  record Settings(int superpixels, int algorithm, float ruler, int iterations, int minElementPercent, SizeFilter filter) {
    static Settings from(SourceParams p) {
      String algo = p.choice("algorithm", Set.of("slic", "slico", "mslic"));
      return new Settings(
          p.integer("superpixels", 1, 4096),
          switch (algo) {
            case "slic" -> opencv_ximgproc.SLIC;
            case "mslic" -> opencv_ximgproc.MSLIC;
            default -> opencv_ximgproc.SLICO;
          },
          (float) p.number("ruler", 0.01, 1000),
          p.integer("iterations", 1, 100),
          p.integer("min-element-percent", 1, 100),
          SizeFilter.from(p));
    }
  }

  private final Settings settings;
  private final Mat lab = new Mat();
  private final Mat labels = new Mat();
  private int[] scratch = new int[0];

  SlicBoxes(Settings settings) {
    this.settings = settings;
  }

  @Override
  public List<Box> propose(FrameRef frame, Mat bgr) {
    cvtColor(bgr, lab, COLOR_BGR2Lab);
    int w = bgr.cols();
    int h = bgr.rows();
    int regionSize = regionSize(w, h, settings.superpixels);
    List<Segment> segments = segment(regionSize);
    for (int retry = 0; retry < MAX_RETRIES && segments.size() < settings.superpixels && regionSize > 2; retry++) {
      regionSize = Math.max(2, (int) (regionSize * 0.9));
      segments = segment(regionSize);
    }
    segments = new ArrayList<>(segments);
    segments.sort(Comparator.comparingLong((Segment s) -> -s.pixels()).thenComparingInt(Segment::label));
    List<Box> out = new ArrayList<>();
    for (Segment s : segments.subList(0, Math.min(settings.superpixels, segments.size()))) {
      Box b = s.box(w, h, null);
      if (settings.filter.keeps(b)) {
        out.add(b);
      }
    }
    return out;
  }

  /** The largest region size whose seed grid has at least {@code n} cells. */
  static int regionSize(int w, int h, int n) {
    int size = Math.max(2, (int) Math.ceil(Math.sqrt((double) w * h / n)));
    while (size > 2 && Math.max(1, Math.round((float) w / size)) * Math.max(1, Math.round((float) h / size)) < n) {
      size--;
    }
    return size;
  }

  private List<Segment> segment(int regionSize) {
    SuperpixelSLIC slic = opencv_ximgproc.createSuperpixelSLIC(lab, settings.algorithm, regionSize, settings.ruler);
    try {
      slic.iterate(settings.iterations);
      slic.enforceLabelConnectivity(settings.minElementPercent);
      slic.getLabels(labels);
      if (scratch.length < labels.total()) {
        scratch = new int[(int) labels.total()];
      }
      return Segment.fromLabels(labels, scratch);
    } finally {
      slic.close();
    }
  }

  @Override
  public void close() {
    lab.close();
    labels.close();
  }
}
