package org.constcl.eval.propagate;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.constcl.eval.run.EvalException;

/**
 * A DAVIS sequence in memory: RGB frames at the size the backbone sees (short side about {@code
 * shortSide}, both sides multiples of 8), the annotations at their own size, and the first frame's
 * object count. Loading checks one frame size per sequence, annotations of that size and labels
 * the first frame knows, and names the file that breaks a rule.
 *
 * @param rgb uint8 RGB frames [height, width, 3] row-major
 * @param objects objects of the first frame (labels 1..objects)
 */
public record SequenceFrames(List<byte[]> rgb, int width, int height, List<LabelMap> labels, int objects) {

  /** Reads a sequence, at most {@code maxFrames} frames of it (0: all). */
  public static SequenceFrames load(DavisSet.Sequence seq, int maxFrames, int shortSide) throws EvalException, IOException {
    int n = maxFrames > 0 ? Math.min(maxFrames, seq.frames().size()) : seq.frames().size();
    if (n < 3) {
      throw EvalException.usage(seq.name() + ": " + n + " frames; the DAVIS protocol scores frames between the first and the"
          + " last, so a sequence needs at least 3");
    }
    List<byte[]> rgb = new ArrayList<>();
    List<LabelMap> labels = new ArrayList<>();
    int width = 0;
    int height = 0;
    int fw = 0;
    int fh = 0;
    int objects = 0;
    for (int t = 0; t < n; t++) {
      Path file = seq.frames().get(t);
      Mat decoded;
      try {
        decoded = org.constcl.eval.data.FrameImage.readBgr(file);
      } catch (IOException e) {
        throw EvalException.usage(e.getMessage());
      }
      try (Mat bgr = decoded) {
        if (t == 0) {
          fw = bgr.cols();
          fh = bgr.rows();
          double scale = (double) shortSide / Math.min(fw, fh);
          width = Math.max(8, (int) Math.round(fw * scale / 8) * 8);
          height = Math.max(8, (int) Math.round(fh * scale / 8) * 8);
        } else if (bgr.cols() != fw || bgr.rows() != fh) {
          throw EvalException.usage(file + ": frame size " + bgr.cols() + "x" + bgr.rows() + " differs from the sequence's first"
              + " frame, " + fw + "x" + fh);
        }
        try (Mat small = new Mat(); Mat out = new Mat(); Size size = new Size(width, height)) {
          resize(bgr, small, size, 0, 0, INTER_AREA);
          cvtColor(small, out, COLOR_BGR2RGB);
          byte[] bytes = new byte[width * height * 3];
          out.data().position(0).get(bytes);
          rgb.add(bytes);
        }
      }
      Path annotation = seq.annotations().get(t);
      LabelMap map = MaskPng.read(annotation);
      if (map.width() != fw || map.height() != fh) {
        throw EvalException.usage(annotation + ": annotation size " + map.width() + "x" + map.height() + " differs from its"
            + " frame's, " + fw + "x" + fh);
      }
      if (t == 0) {
        objects = map.maxObject();
        if (objects == 0) {
          throw EvalException.usage(annotation + ": the first frame's annotation holds no object to propagate");
        }
      } else {
        int max = map.maxObject();
        if (max > objects) {
          throw EvalException.usage(annotation + ": label " + max + " is not an object of the first frame (labels 1-" + objects
              + ", 0 background, 255 void)");
        }
      }
      labels.add(map);
    }
    return new SequenceFrames(rgb, width, height, labels, objects);
  }
}
