package org.constcl.eval.track;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * SiamFC's square crops: a window of {@code side} frame pixels centred on (cx, cy) (0-based pixel
 * centres) resized to {@code size}, the part outside the frame filled with the frame's mean colour,
 * written as RGB bytes.
 */
public final class TrackingCrops {
  private TrackingCrops() {}

  /** SiamFC's exemplar window side: sqrt((w + p)(h + p)) with context p = (w + h) / 2. */
  public static double exemplarSide(double w, double h) {
    double p = (w + h) / 2;
    return Math.sqrt((w + p) * (h + p));
  }

  /** The frame's mean colour (BGR), the padding value. */
  public static Scalar meanColour(Mat bgr) {
    return org.bytedeco.opencv.global.opencv_core.mean(bgr);
  }

  /** Crops into {@code out} at {@code offset}: uint8 RGB [size, size, 3]. */
  public static void crop(Mat bgr, Scalar mean, double cx, double cy, double side, int size, byte[] out, int offset) {
    double k = size / side;
    double c = (size - 1) / 2.0;
    try (Mat m = new Mat(2, 3, CV_64F); Mat warped = new Mat(); Mat rgb = new Mat(); Size s = new Size(size, size);
        DoubleIndexer ix = m.createIndexer()) {
      ix.put(0, 0, k).put(0, 1, 0).put(0, 2, c - k * cx);
      ix.put(1, 0, 0).put(1, 1, k).put(1, 2, c - k * cy);
      warpAffine(bgr, warped, m, s, INTER_LINEAR, BORDER_CONSTANT, mean);
      cvtColor(warped, rgb, COLOR_BGR2RGB);
      rgb.data().position(0).get(out, offset, size * size * 3);
    }
  }
}
