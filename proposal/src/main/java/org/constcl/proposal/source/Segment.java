package org.constcl.proposal.source;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.constcl.proposal.record.Box;

/**
 * One segment of a label image: its label, pixel count and minimal bounding box in pixels
 * ({@code [x0, x1) x [y0, y1)}).
 */
record Segment(int label, long pixels, int x0, int y0, int x1, int y1) {

  /** Every label present in a continuous {@code CV_32S} label image, by label. */
  static List<Segment> fromLabels(Mat labels, int[] scratch) {
    int w = labels.cols();
    int h = labels.rows();
    if (!labels.isContinuous() || labels.type() != org.bytedeco.opencv.global.opencv_core.CV_32S) {
      throw new IllegalArgumentException("expected a continuous CV_32S label image");
    }
    int n = w * h;
    int[] px = scratch.length >= n ? scratch : new int[n];
    try (IntPointer data = new IntPointer(labels.data())) {
      data.get(px, 0, n);
    }
    int max = -1;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, px[i]);
    }
    long[] count = new long[max + 1];
    int[] minX = new int[max + 1];
    int[] minY = new int[max + 1];
    int[] maxX = new int[max + 1];
    int[] maxY = new int[max + 1];
    java.util.Arrays.fill(minX, Integer.MAX_VALUE);
    java.util.Arrays.fill(minY, Integer.MAX_VALUE);
    java.util.Arrays.fill(maxX, -1);
    java.util.Arrays.fill(maxY, -1);
    for (int y = 0, i = 0; y < h; y++) {
      for (int x = 0; x < w; x++, i++) {
        int l = px[i];
        if (l < 0) {
          continue;
        }
        count[l]++;
        if (x < minX[l]) minX[l] = x;
        if (x > maxX[l]) maxX[l] = x;
        if (y < minY[l]) minY[l] = y;
        if (y > maxY[l]) maxY[l] = y;
      }
    }
    List<Segment> out = new ArrayList<>();
    for (int l = 0; l <= max; l++) {
      if (count[l] > 0) {
        out.add(new Segment(l, count[l], minX[l], minY[l], maxX[l] + 1, maxY[l] + 1));
      }
    }
    return out;
  }

  /** The normalised bounding box, scored by the segment's share of the frame's pixels. */
  Box box(int width, int height, String label) {
    return Box.fromPixels(x0, y0, x1, y1, width, height, (float) ((double) pixels / ((long) width * height)), label);
  }
}
