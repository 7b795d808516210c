package org.constcl.proposal.source;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.bytedeco.opencv.opencv_core.Mat;
import org.constcl.proposal.record.Box;

/**
 * Random boxes (reference §5.5): per frame, {@code boxes} boxes with normalised width
 * {@code w ~ U(min-size, max-size)}, aspect {@code a = h / w ~ U(min-aspect, max-aspect)}.
 * Draws come from a generator seeded by (seed, clip id, frame index), so a box never depends on
 * which worker computed it or in what order.
 *
 * <p>{@code generator} picks the placement:
 * <ul>
 *   <li>{@code inside} (default): independent draws, the box placed uniformly where it fits, so
 *       every box has exactly the drawn size and aspect;
 *   <li>{@code reference}: independent draws as the method describes, top-left corner
 *       {@code U(0, 1)}, far edges clipped at 0.999;
 *   <li>{@code released}: the released code's coupled draws: one {@code u ~ U(0, 1)} per box
 *       drives all four values ({@code xmin = ymin = u}, {@code w} and {@code a} at fraction u of
 *       their ranges), clipped at 0.999 — boxes along the image diagonal.
 * </ul>
 */
final class RandomBoxes implements RegionProposer {
  static final Map<String, String> DEFAULTS = Map.of(
      "boxes", "8",
      "min-size", "0.1",
      "max-size", "0.5",
      "min-aspect", "0.5",
      "max-aspect", "2.0",
      "generator", "inside");
  static final float CLIP = 0.999f;

  /** Validated parameters. */
  record Settings(int boxes, double minSize, double maxSize, double minAspect, double maxAspect, String generator) {
    static Settings from(SourceParams p) {
      p.requireOrdered("min-size", "max-size");
      p.requireOrdered("min-aspect", "max-aspect");
      Settings s = new Settings(
          p.integer("boxes", 1, 1024),
          p.number("min-size", 0.001, 1),
          p.number("max-size", 0.001, 1),
          p.number("min-aspect", 0.01, 100),
          p.number("max-aspect", 0.01, 100),
          p.choice("generator", Set.of("inside", "reference", "released")));
      if (s.generator.equals("inside") && s.maxSize * s.maxAspect > 1 + 1e-9) {
        throw new IllegalArgumentException("source random: generator=inside needs max-size x max-aspect <= 1"
            + " (the tallest box must fit in the frame), got " + s.maxSize + " x " + s.maxAspect);
      }
      return s;
    }
  }

  private final Settings settings;
  private final long seed;

  RandomBoxes(Settings settings, long seed) {
    this.settings = settings;
    this.seed = seed;
  }

  @Override
  public List<Box> propose(FrameRef frame, Mat bgr) {
    SplittableRandom rng = new SplittableRandom(frameSeed(seed, frame.clipId(), frame.frameIndex()));
    List<Box> out = new ArrayList<>(settings.boxes);
    for (int i = 0; i < settings.boxes; i++) {
      out.add(switch (settings.generator) {
        case "inside" -> inside(rng);
        case "reference" -> reference(rng);
        default -> released(rng);
      });
    }
    return out;
  }

  private Box inside(SplittableRandom rng) {
    double w = uniform(rng, settings.minSize, settings.maxSize);
    double h = w * uniform(rng, settings.minAspect, settings.maxAspect);
    double x = rng.nextDouble() * (1 - w);
    double y = rng.nextDouble() * (1 - h);
    return new Box((float) y, (float) x, (float) Math.min(1.0, y + h), (float) Math.min(1.0, x + w), 1f, null);
  }

  private Box reference(SplittableRandom rng) {
    double x = rng.nextDouble();
    double y = rng.nextDouble();
    double w = uniform(rng, settings.minSize, settings.maxSize);
    double h = w * uniform(rng, settings.minAspect, settings.maxAspect);
    return clipped(x, y, w, h);
  }

  private Box released(SplittableRandom rng) {
    double u = rng.nextDouble();
    double w = settings.minSize + (settings.maxSize - settings.minSize) * u;
    double h = w * (settings.minAspect + (settings.maxAspect - settings.minAspect) * u);
    return clipped(u, u, w, h);
  }

  private static Box clipped(double x, double y, double w, double h) {
    float x0 = (float) Math.min(x, CLIP);
    float y0 = (float) Math.min(y, CLIP);
    return new Box(y0, x0, Math.min((float) (y + h), CLIP), Math.min((float) (x + w), CLIP), 1f, null);
  }

  private static double uniform(SplittableRandom rng, double lo, double hi) {
    return lo + (hi - lo) * rng.nextDouble();
  }

  /** The seed of one frame's draws. */
  static long frameSeed(long seed, String clipId, int frameIndex) {
    return Hashing.murmur3_128()
        .newHasher()
        .putLong(seed)
        .putString(clipId, StandardCharsets.UTF_8)
        .putInt(frameIndex)
        .hash()
        .asLong();
  }

  @Override
  public void close() {}
}
