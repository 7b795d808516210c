package org.constcl.tfmodel.data;

import java.util.List;
import java.util.SplittableRandom;
import org.constcl.proposal.record.Box;
import org.constcl.proposal.source.RandomBoxGenerator;

/**
 * A view's keyframe boxes as the model takes them: {@code regions} slots of
 * {@code [ymin, xmin, ymax, xmax]} normalised to the view, and a mask (1 valid, 0 padding).
 */
public final class ViewBoxes {
  private ViewBoxes() {}

  /** Random boxes drawn in view coordinates (reference §5.5); the first {@code regions} valid. */
  public static void random(RandomBoxGenerator generator, SplittableRandom rng, float[] boxes, float[] masks, int offset,
      int regions) {
    List<Box> drawn = generator.draw(rng);
    int n = 0;
    for (Box b : drawn) {
      if (n == regions) {
        break;
      }
      put(boxes, masks, offset + n++, b.ymin(), b.xmin(), b.ymax(), b.xmax());
    }
    pad(boxes, masks, offset, n, regions);
  }

  /**
   * Boxes of a stored frame carried into a view: through the crop (pixels of a
   * {@code frameWidth x frameHeight} frame) and the horizontal flip, then clipped to the view. A
   * box is dropped when less than one output pixel of it is left in either direction (outside
   * the view, or degenerate). The best-ranked remaining boxes fill up to {@code regions} slots;
   * the rest are masked padding.
   *
   * @return how many slots hold a box
   */
  public static int fromFrame(List<Box> frameBoxes, CropWindow crop, int frameWidth, int frameHeight, boolean flip,
      int viewSize, float[] boxes, float[] masks, int offset, int regions) {
    int n = 0;
    for (Box box : frameBoxes) {
      if (n == regions) {
        break;
      }
      double y0 = clamp((box.ymin() * frameHeight - crop.y()) / crop.height());
      double y1 = clamp((box.ymax() * frameHeight - crop.y()) / crop.height());
      double x0 = clamp((box.xmin() * frameWidth - crop.x()) / crop.width());
      double x1 = clamp((box.xmax() * frameWidth - crop.x()) / crop.width());
      if (flip) {
        double t = x0;
        x0 = 1 - x1;
        x1 = 1 - t;
      }
      if ((x1 - x0) * viewSize >= 1 && (y1 - y0) * viewSize >= 1) {
        put(boxes, masks, offset + n++, (float) y0, (float) x0, (float) y1, (float) x1);
      }
    }
    pad(boxes, masks, offset, n, regions);
    return n;
  }

  private static void put(float[] boxes, float[] masks, int slot, float y0, float x0, float y1, float x1) {
    boxes[4 * slot] = y0;
    boxes[4 * slot + 1] = x0;
    boxes[4 * slot + 2] = y1;
    boxes[4 * slot + 3] = x1;
    masks[slot] = 1f;
  }

  private static void pad(float[] boxes, float[] masks, int offset, int from, int regions) {
    for (int i = from; i < regions; i++) {
      int s = offset + i;
      boxes[4 * s] = boxes[4 * s + 1] = boxes[4 * s + 2] = boxes[4 * s + 3] = 0f;
      masks[s] = 0f;
    }
  }

  private static double clamp(double v) {
    return Math.max(0.0, Math.min(1.0, v));
  }
}
