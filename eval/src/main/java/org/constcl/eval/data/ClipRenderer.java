package org.constcl.eval.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.opencv.opencv_core.Mat;
import org.constcl.tfmodel.data.CropWindow;
import org.constcl.tfmodel.data.ViewAugmentation;
import org.constcl.tfmodel.data.ViewRenderer;
import org.constcl.transforms.video.JpegDecoder;

/**
 * Cuts clips from a video's stored JPEG frames: training clips (uniform random start, random
 * resized crop and flip, no colour augmentation — the reference's linear-evaluation input) and the
 * multi-view test set (N clips spaced uniformly over the video × M crops of the short side's square).
 * Frame indices wrap for videos shorter than a clip. Frames are decoded at 1/2, 1/4 or 1/8 scale
 * when the crop keeps enough pixels. One per thread; close it.
 */
public final class ClipRenderer implements AutoCloseable {
  private final ClipGeometry geometry;
  private final ViewRenderer trainRenderer;
  private final ViewRenderer testRenderer;

  public ClipRenderer(ClipGeometry geometry) {
    this.geometry = geometry;
    this.trainRenderer = new ViewRenderer(geometry.trainSize());
    this.testRenderer = new ViewRenderer(geometry.testSize());
  }

  /** Bytes of one training clip, uint8 RGB [T, S, S, 3]. */
  public int trainBytes() {
    return geometry.frames() * geometry.trainSize() * geometry.trainSize() * 3;
  }

  /** Bytes of one test view, uint8 RGB [T, S', S', 3]. */
  public int testBytes() {
    return geometry.frames() * geometry.testSize() * geometry.testSize() * 3;
  }

  /** A training clip drawn with {@code rng} into {@code out} at {@code offset}. */
  public void renderTrain(List<byte[]> jpegs, int width, int height, SplittableRandom rng, byte[] out, int offset) {
    int n = jpegs.size();
    int start = n > geometry.span() ? rng.nextInt(n - geometry.span() + 1) : 0;
    CropWindow crop = CropWindow.sample(width, height, geometry.cropArea()[0], geometry.cropArea()[1],
        geometry.cropAspect()[0], geometry.cropAspect()[1], rng);
    boolean flip = rng.nextDouble() < 0.5;
    render(trainRenderer, jpegs, indices(start, n), crop, flip, geometry.trainSize(), out, offset);
  }

  /** Start frames of the N test clips: spaced uniformly from the first to the last possible start. */
  public int[] testStarts(int n) {
    int[] starts = new int[geometry.testClips()];
    int last = Math.max(0, n - geometry.span());
    for (int i = 0; i < starts.length; i++) {
      starts[i] = starts.length == 1 ? last / 2 : (int) Math.round((double) i * last / (starts.length - 1));
    }
    return starts;
  }

  /** The M test crops: squares of the short side at the start, centre and end of the long side (or the centre). */
  public List<CropWindow> testCrops(int width, int height) {
    int side = Math.min(width, height);
    List<CropWindow> crops = new ArrayList<>();
    int[] positions = geometry.testCrops() == 1 ? new int[] {1} : new int[] {0, 1, 2};
    for (int p : positions) {
      int x = width > height ? (width - side) * p / 2 : 0;
      int y = width > height ? 0 : (height - side) * p / 2;
      crops.add(new CropWindow(x, y, side, side));
    }
    return crops;
  }

  /** Every test view of a video, clip-major ([N × M, T, S', S', 3]). */
  public byte[] renderTest(List<byte[]> jpegs, int width, int height) {
    byte[] out = new byte[geometry.views() * testBytes()];
    int v = 0;
    for (int start : testStarts(jpegs.size())) {
      for (CropWindow crop : testCrops(width, height)) {
        render(testRenderer, jpegs, indices(start, jpegs.size()), crop, false, geometry.testSize(), out, v++ * testBytes());
      }
    }
    return out;
  }

  private int[] indices(int start, int n) {
    int[] idx = new int[geometry.frames()];
    for (int t = 0; t < idx.length; t++) {
      idx[t] = (start + t * geometry.stride()) % n;
    }
    return idx;
  }

  private static void render(ViewRenderer renderer, List<byte[]> jpegs, int[] indices, CropWindow crop, boolean flip,
      int size, byte[] out, int offset) {
    int r = crop.decodeReduction(size);
    Map<Integer, Mat> decoded = new HashMap<>();
    try {
      List<Mat> frames = new ArrayList<>(indices.length);
      for (int i : indices) {
        Mat m = decoded.get(i);
        if (m == null) {
          m = JpegDecoder.decodeBgr(jpegs.get(i), r);
          decoded.put(i, m);
        }
        frames.add(m);
      }
      renderer.render(frames, new ViewAugmentation(crop, flip, null, false, 0, false), r, out, offset);
    } finally {
      decoded.values().forEach(Mat::close);
    }
  }

  @Override
  public void close() {
    trainRenderer.close();
    testRenderer.close();
  }
}
