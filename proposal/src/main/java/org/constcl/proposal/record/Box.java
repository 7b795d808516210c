package org.constcl.proposal.record;

import java.io.Serializable;
import java.util.Comparator;

/**
 * One region box in normalised coordinates of the stored frame ({@code [ymin, xmin, ymax, xmax]},
 * each in [0, 1], the TensorFlow box convention), with a score and an optional label.
 */
public record Box(float ymin, float xmin, float ymax, float xmax, float score, String label)
    implements Serializable {

  /** Canonical order for boxes of equal rank: by score descending, then by coordinates. */
  public static final Comparator<Box> BY_SCORE =
      Comparator.comparingDouble((Box b) -> -b.score)
          .thenComparingDouble(Box::ymin)
          .thenComparingDouble(Box::xmin)
          .thenComparingDouble(Box::ymax)
          .thenComparingDouble(Box::xmax);

  public Box {
    if (!(ymin >= 0 && xmin >= 0 && ymax <= 1 && xmax <= 1 && ymin <= ymax && xmin <= xmax)) {
      throw new IllegalArgumentException(
          "box outside the unit square or inverted: [" + ymin + ", " + xmin + ", " + ymax + ", " + xmax + "]");
    }
    if (!Float.isFinite(score)) {
      throw new IllegalArgumentException("box score is not finite: " + score);
    }
  }

  /** A box from pixel bounds {@code [x0, x1) x [y0, y1)} of a {@code width x height} frame, clamped. */
  public static Box fromPixels(
      double x0, double y0, double x1, double y1, int width, int height, float score, String label) {
    return new Box(
        clamp01(y0 / height), clamp01(x0 / width), clamp01(y1 / height), clamp01(x1 / width), score, label);
  }

  public float width() {
    return xmax - xmin;
  }

  public float height() {
    return ymax - ymin;
  }

  public float area() {
    return width() * height();
  }

  /** Intersection over union with {@code o}; 0 when both are empty. */
  public float iou(Box o) {
    return (float) rect().iou(o.rect());
  }

  /** The box as a {@link Rect} (normalised coordinates). */
  public Rect rect() {
    return Rect.ofCorners(ymin, xmin, ymax, xmax);
  }

  /** This box with another score. */
  public Box withScore(float newScore) {
    return new Box(ymin, xmin, ymax, xmax, newScore, label);
  }

  private static float clamp01(double v) {
    return (float) Math.max(0.0, Math.min(1.0, v));
  }
}
