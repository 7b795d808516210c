package org.constcl.proposal.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.constcl.proposal.record.Box;

/**
 * Draws random boxes in normalised coordinates (reference §5.5): width {@code w ~ U(minSize,
 * maxSize)}, aspect {@code a = h / w ~ U(minAspect, maxAspect)}, placed by one of three
 * generators. Used by the random region source (boxes of stored frames) and by the trainer
 * (boxes of augmented views), so both draw boxes the same way.
 *
 * @param boxes boxes per draw
 * @param minSize smallest normalised width
 * @param maxSize largest normalised width
 * @param minAspect smallest h / w
 * @param maxAspect largest h / w
 * @param placement how the box is placed
 */
public record RandomBoxGenerator(
    int boxes, double minSize, double maxSize, double minAspect, double maxAspect, Placement placement) {
  /** The far-edge clip of the reference generator. */
  public static final float CLIP = 0.999f;

  /** How boxes are placed. */
  public enum Placement {
    /** Independent draws, box placed uniformly where it fits: exact size and aspect. */
    INSIDE,
    /** Independent draws, corner {@code U(0, 1)}, far edges clipped at 0.999 (the method text). */
    REFERENCE,
    /** The released code: one {@code u ~ U(0, 1)} drives all four values, clipped at 0.999. */
    RELEASED;

    /** The lower-case name used in configs. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The placement called {@code id}. */
    public static Placement parse(String id) {
      for (Placement p : values()) {
        if (p.id().equals(id)) {
          return p;
        }
      }
      throw new IllegalArgumentException("unknown box generator '" + id + "'; choose inside, reference or released");
    }
  }

  public RandomBoxGenerator {
    if (boxes < 1 || !(minSize > 0) || minSize > maxSize || maxSize > 1 || !(minAspect > 0) || minAspect > maxAspect) {
      throw new IllegalArgumentException("invalid random box ranges: boxes " + boxes + ", size [" + minSize + ", "
          + maxSize + "], aspect [" + minAspect + ", " + maxAspect + "]");
    }
    if (placement == Placement.INSIDE && maxSize * maxAspect > 1 + 1e-9) {
      throw new IllegalArgumentException("generator=inside needs max-size x max-aspect <= 1"
          + " (the tallest box must fit in the frame), got " + maxSize + " x " + maxAspect);
    }
  }

  /** The reference recipe: 8 boxes, sizes [0.1, 0.5], aspects [0.5, 2], with {@code placement}. */
  public static RandomBoxGenerator reference(Placement placement) {
    return new RandomBoxGenerator(8, 0.1, 0.5, 0.5, 2.0, placement);
  }

  /** This generator drawing {@code n} boxes. */
  public RandomBoxGenerator withBoxes(int n) {
    return new RandomBoxGenerator(n, minSize, maxSize, minAspect, maxAspect, placement);
  }

  /** {@link #boxes()} boxes drawn from {@code rng}, in draw order. */
  public List<Box> draw(SplittableRandom rng) {
    List<Box> out = new ArrayList<>(boxes);
    for (int i = 0; i < boxes; i++) {
      out.add(switch (placement) {
        case INSIDE -> inside(rng);
        case REFERENCE -> reference(rng);
        case RELEASED -> released(rng);
      });
    }
    return out;
  }

  private Box inside(SplittableRandom rng) {
    double w = uniform(rng, minSize, maxSize);
    double h = w * uniform(rng, minAspect, maxAspect);
    double x = rng.nextDouble() * (1 - w);
    double y = rng.nextDouble() * (1 - h);
    return new Box((float) y, (float) x, (float) Math.min(1.0, y + h), (float) Math.min(1.0, x + w), 1f, null);
  }

  private Box reference(SplittableRandom rng) {
    double x = rng.nextDouble();
    double y = rng.nextDouble();
    double w = uniform(rng, minSize, maxSize);
    double h = w * uniform(rng, minAspect, maxAspect);
    return clipped(x, y, w, h);
  }

  private Box released(SplittableRandom rng) {
    double u = rng.nextDouble();
    double w = minSize + (maxSize - minSize) * u;
    double h = w * (minAspect + (maxAspect - minAspect) * u);
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
}
