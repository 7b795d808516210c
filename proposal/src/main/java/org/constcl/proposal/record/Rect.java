package org.constcl.proposal.record;

/**
 * An axis-aligned rectangle for overlap maths: corners {@code [x1, x2) × [y1, y2)} and its area.
 * The one IoU every module uses (region proposals, AVA frame mAP, OTB scoring). Built from corners
 * or from x, y, width, height; each form keeps its own exact area ({@code (x2 − x1)(y2 − y1)}
 * or {@code w·h}), so scores computed either way are bit-identical to the formula of that form.
 */
public record Rect(double x1, double y1, double x2, double y2, double area) {
  /** From corners {@code y1, x1, y2, x2} (the order box records and AVA rows use). */
  public static Rect ofCorners(double y1, double x1, double y2, double x2) {
    return new Rect(x1, y1, x2, y2, (y2 - y1) * (x2 - x1));
  }

  /** From a top-left corner, width and height (OTB and GOT-10k boxes). */
  public static Rect ofXywh(double x, double y, double w, double h) {
    return new Rect(x, y, x + w, y + h, w * h);
  }

  /** Area of the overlap with {@code o} (0 when they do not overlap). */
  public double intersection(Rect o) {
    double iw = Math.max(0, Math.min(x2, o.x2) - Math.max(x1, o.x1));
    double ih = Math.max(0, Math.min(y2, o.y2) - Math.max(y1, o.y1));
    return iw * ih;
  }

  /** Intersection over union; 0 when the union is empty. NaN coordinates give NaN. */
  public double iou(Rect o) {
    double inter = intersection(o);
    double union = area + o.area - inter;
    return union <= 0 ? 0 : inter / union;
  }

  /** Intersection over (union + {@code epsilon}): the GOT-10k toolkit's guarded form. */
  public double iou(Rect o, double epsilon) {
    double inter = intersection(o);
    return inter / (area + o.area - inter + epsilon);
  }
}
