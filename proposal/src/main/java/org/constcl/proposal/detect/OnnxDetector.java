package org.constcl.proposal.detect;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_core.StringVector;
import org.bytedeco.opencv.opencv_dnn.Net;

/**
 * An ONNX detector run by OpenCV DNN. The frame becomes an NCHW float blob
 * ({@code (pixel - mean) * scale}, RGB unless told otherwise, resized to the input size if one is
 * set). Outputs are read in one of two layouts:
 * <ul>
 *   <li>an SSD {@code DetectionOutput}: one output whose last dimension is 7, rows
 *       {@code [image, class, score, xmin, ymin, xmax, ymax]}, corners normalised;
 *   <li>TF Object Detection API names: outputs {@code detection_boxes} ({@code [1, N, 4]},
 *       {@code [ymin, xmin, ymax, xmax]} normalised), {@code detection_scores} ({@code [1, N]})
 *       and optionally {@code detection_classes} ({@code [1, N]}).
 * </ul>
 * Anything else is a {@link ModelException} naming the outputs found.
 */
final class OnnxDetector implements Detector {
  private final ModelFile model;
  private final InputSpec input;
  private final Net net;
  private final StringVector outputNames;
  private final List<String> names = new ArrayList<>();

  OnnxDetector(ModelFile model, InputSpec input) {
    this.model = model;
    this.input = input;
    Net n;
    try {
      n = opencv_dnn.readNetFromONNX(model.path());
    } catch (RuntimeException e) {
      throw new ModelException("cannot load ONNX model " + model.path() + ": " + firstLine(e.getMessage()), e);
    }
    if (n == null || n.empty()) {
      throw new ModelException("cannot load ONNX model " + model.path() + ": OpenCV DNN read an empty network");
    }
    this.net = n;
    this.outputNames = net.getUnconnectedOutLayersNames();
    for (int i = 0; i < outputNames.size(); i++) {
      names.add(outputNames.get(i).getString());
    }
  }

  @Override
  public List<RawDetection> detect(Mat bgr) {
    int w = input.nativeSize() ? bgr.cols() : input.width();
    int h = input.nativeSize() ? bgr.rows() : input.height();
    double[] m = input.mean();
    try (Size size = new Size(w, h);
        Scalar mean = new Scalar(m[0], m[1], m[2], 0);
        Mat blob = opencv_dnn.blobFromImage(bgr, input.pixelScale(), size, mean, input.rgb(), false, CV_32F);
        MatVector outs = new MatVector()) {
      try {
        net.setInput(blob);
        net.forward(outs, outputNames);
      } catch (RuntimeException e) {
        throw new ModelException("ONNX model " + model.path() + " failed on a " + w + "x" + h
            + " input (set input-size=WxH if it expects a fixed size): " + firstLine(e.getMessage()), e);
      }
      return interpret(outs);
    }
  }

  private List<RawDetection> interpret(MatVector outs) {
    List<String> shapes = new ArrayList<>();
    int boxes = -1;
    int scores = -1;
    int classes = -1;
    for (int i = 0; i < outs.size(); i++) {
      Mat o = outs.get(i);
      shapes.add(names.get(i) + " " + shape(o));
      if (o.dims() >= 2 && o.size(o.dims() - 1) == 7 && o.depth() == CV_32F) {
        return detectionOutput(o);
      }
      String n = names.get(i);
      if (n.contains("detection_boxes")) boxes = i;
      else if (n.contains("detection_scores")) scores = i;
      else if (n.contains("detection_classes")) classes = i;
    }
    if (boxes >= 0 && scores >= 0) {
      float[] b = floats(outs.get(boxes));
      float[] s = floats(outs.get(scores));
      float[] c = classes >= 0 ? floats(outs.get(classes)) : null;
      if (b.length != 4 * s.length || (c != null && c.length != s.length)) {
        throw uninterpretable(shapes);
      }
      List<RawDetection> out = new ArrayList<>(s.length);
      for (int i = 0; i < s.length; i++) {
        out.add(new RawDetection(c == null ? 0 : Math.round(c[i]), s[i], b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]));
      }
      return out;
    }
    throw uninterpretable(shapes);
  }

  private static List<RawDetection> detectionOutput(Mat o) {
    float[] v = floats(o);
    List<RawDetection> out = new ArrayList<>(v.length / 7);
    for (int r = 0; r + 7 <= v.length; r += 7) {
      // [image, class, score, xmin, ymin, xmax, ymax]; rows with image < 0 are padding.
      if (v[r] < 0) {
        continue;
      }
      out.add(new RawDetection(Math.round(v[r + 1]), v[r + 2], v[r + 4], v[r + 3], v[r + 6], v[r + 5]));
    }
    return out;
  }

  private ModelException uninterpretable(List<String> shapes) {
    return new ModelException("cannot interpret the outputs of ONNX model " + model.path() + ": " + shapes
        + "; constcl reads an SSD DetectionOutput (last dimension 7) or detection_boxes + detection_scores"
        + " [+ detection_classes]");
  }

  private static float[] floats(Mat m) {
    Mat c = m.isContinuous() ? m : m.clone();
    float[] v = new float[(int) c.total()];
    try (FloatPointer p = new FloatPointer(c.data())) {
      p.get(v);
    } finally {
      if (c != m) {
        c.close();
      }
    }
    return v;
  }

  private static String shape(Mat m) {
    StringBuilder sb = new StringBuilder("[");
    for (int d = 0; d < m.dims(); d++) {
      sb.append(d == 0 ? "" : ", ").append(m.size(d));
    }
    return sb.append(']').toString();
  }

  static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }

  @Override
  public void close() {
    outputNames.close();
    net.close();
  }
}
