package org.constcl.proposal.source;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.bytedeco.opencv.global.opencv_ximgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_ximgproc.SelectiveSearchSegmentation;
import org.constcl.proposal.record.Box;

/**
 * Generic object proposals from OpenCV's selective search (Uijlings et al., "fast" or "quality"
 * diversification), the default of the object source when no detector model is given. This is
 * an object-proposal engine, not a detector: its boxes are object-like regions, unlabelled.
 *
 * <p>Ranking is constcl's, for reproducibility: OpenCV ranks regions by {@code level x rand()}
 * with the process-wide C {@code rand()}, so its order changes with every call and every thread
 * interleaving. constcl keeps OpenCV's set of unique boxes (which is deterministic) and ranks it
 * the same way, with a seeded draw per (seed, clip, frame) and the hierarchy level estimated as
 * the longest chain of candidate boxes nested inside each box (a merged region contains its
 * parts). Lower ranks come first, as in OpenCV; then the size filter, then near-duplicates
 * ({@code dedupe-iou}) are dropped, and the first {@code top-k} are kept, scored
 * {@code 1 - rank / top-k}.
 */
final class SelectiveSearchBoxes implements RegionProposer {
  static final Map<String, String> DEFAULTS = Map.of(
      "mode", "fast",
      "base-k", "150",
      "inc-k", "150",
      "sigma", "0.8",
      "max-side", "384",
      "top-k", "16",
      "dedupe-iou", "0.7",
      SizeFilter.MIN, "0.05",
      SizeFilter.MAX, "0.7");
  static final Engine ENGINE = new Engine(Engine.opencv("ximgproc-selective-search"), DEFAULTS, Settings::from, true,
      true, c -> new SelectiveSearchBoxes(Settings.from(c.params()), c.seed()));

  /** Validated parameters. */
  record Settings(String mode, int baseK, int incK, float sigma, int maxSide, int topK, double dedupeIou, SizeFilter filter) {
    static Settings from(SourceParams p) {
      return new Settings(
          p.choice("mode", Set.of("fast", "quality")),
          p.integer("base-k", 1, 100_000),
          p.integer("inc-k", 1, 100_000),
          (float) p.number("sigma", 0, 100),
          p.integer("max-side", 32, 8192),
          p.integer("top-k", 1, 4096),
          p.number("dedupe-iou", 0, 1),
          SizeFilter.from(p));
    }
  }

  private final Settings settings;
  private final long seed;
  private final Mat small = new Mat();

  SelectiveSearchBoxes(Settings settings, long seed) {
    this.settings = settings;
    this.seed = seed;
  }

  @Override
  public List<Box> propose(FrameRef frame, Mat bgr) {
    Mat input = bgr;
    int longSide = Math.max(bgr.cols(), bgr.rows());
    if (longSide > settings.maxSide) {
      double s = (double) settings.maxSide / longSide;
      try (Size size = new Size((int) Math.round(bgr.cols() * s), (int) Math.round(bgr.rows() * s))) {
        resize(bgr, small, size, 0, 0, INTER_AREA);
      }
      input = small;
    }
    int w = input.cols();
    int h = input.rows();
    int[][] rects;
    SelectiveSearchSegmentation ss = opencv_ximgproc.createSelectiveSearchSegmentation();
    try (RectVector out = new RectVector()) {
      ss.setBaseImage(input);
      if (settings.mode.equals("fast")) {
        ss.switchToSelectiveSearchFast(settings.baseK, settings.incK, settings.sigma);
      } else {
        ss.switchToSelectiveSearchQuality(settings.baseK, settings.incK, settings.sigma);
      }
      ss.process(out);
      rects = new int[(int) out.size()][];
      for (int i = 0; i < rects.length; i++) {
        Rect r = out.get(i);
        rects[i] = new int[] {r.x(), r.y(), r.x() + r.width(), r.y() + r.height()};
      }
    } finally {
      ss.close();
    }
    return rank(rects, w, h, frame);
  }

  /** OpenCV's {@code level x U(0,1)} ranking with a seeded draw and an estimated level. */
  List<Box> rank(int[][] rects, int w, int h, FrameRef frame) {
    // Canonical order first, so the seeded draws do not depend on OpenCV's output order.
    Arrays.sort(rects, Comparator.<int[]>comparingInt(r -> r[0]).thenComparingInt(r -> r[1])
        .thenComparingInt(r -> r[2]).thenComparingInt(r -> r[3]));
    int[] level = nestingLevels(rects);
    SplittableRandom rng = new SplittableRandom(RandomBoxes.frameSeed(seed, frame.clipId(), frame.frameIndex()));
    double[] rank = new double[rects.length];
    Integer[] order = new Integer[rects.length];
    for (int i = 0; i < rects.length; i++) {
      rank[i] = rng.nextDouble() * level[i];
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> rank[i]).thenComparingInt(i -> i));
    List<Box> ranked = new ArrayList<>();
    for (int i : order) {
      int[] r = rects[i];
      Box b = Box.fromPixels(r[0], r[1], r[2], r[3], w, h, 0f, null);
      if (settings.filter.keeps(b)) {
        ranked.add(b);
      }
    }
    List<Box> kept = Nms.suppress(ranked, settings.dedupeIou, settings.topK);
    List<Box> scored = new ArrayList<>(kept.size());
    for (int i = 0; i < kept.size(); i++) {
      scored.add(kept.get(i).withScore(1f - (float) i / settings.topK));
    }
    return scored;
  }

  /**
   * For each box, 1 + the longest chain of distinct boxes nested inside it: the grouping merges
   * two regions into one whose box contains both, so nesting depth estimates the merge level.
   */
  static int[] nestingLevels(int[][] rects) {
    int n = rects.length;
    Integer[] byArea = new Integer[n];
    for (int i = 0; i < n; i++) {
      byArea[i] = i;
    }
    Arrays.sort(byArea, Comparator.comparingLong((Integer i) -> area(rects[i])).thenComparingInt(i -> i));
    int[] level = new int[n];
    for (int a = 0; a < n; a++) {
      int i = byArea[a];
      int best = 0;
      for (int b = 0; b < a; b++) {
        int j = byArea[b];
        if (level[j] > best && contains(rects[i], rects[j])) {
          best = level[j];
        }
      }
      level[i] = best + 1;
    }
    return level;
  }

  private static long area(int[] r) {
    return (long) (r[2] - r[0]) * (r[3] - r[1]);
  }

  private static boolean contains(int[] outer, int[] inner) {
    return outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3]
        && !Arrays.equals(outer, inner);
  }

  @Override
  public void close() {
    small.close();
  }
}
