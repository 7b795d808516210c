package org.constcl.proposal.detect;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TNumber;

/**
 * A TensorFlow SavedModel detector (tag {@code serve}) run by TF Java, in the TF Object Detection
 * API export layout that CenterNet, SSD and Faster/Cascade R-CNN exports share: one image input
 * ({@code [1, H, W, 3]}, uint8, or float scaled like ONNX inputs) and the outputs
 * {@code detection_boxes} ({@code [1, N, 4]}, {@code [ymin, xmin, ymax, xmax]} normalised),
 * {@code detection_scores} ({@code [1, N]}), optionally {@code detection_classes} and
 * {@code num_detections}. A signature without these is a {@link ModelException} naming what it
 * has.
 */
final class SavedModelDetector implements Detector {
  static final String BOXES = "detection_boxes";
  static final String SCORES = "detection_scores";
  static final String CLASSES = "detection_classes";
  static final String COUNT = "num_detections";

  private final ModelFile model;
  private final InputSpec spec;
  private final SavedModelBundle bundle;
  private final SessionFunction function;
  private final String inputName;
  private final DataType inputType;
  private final long fixedHeight;
  private final long fixedWidth;
  private final boolean hasClasses;
  private final boolean hasCount;
  private final Mat rgb = new Mat();
  private final Mat resized = new Mat();

  SavedModelDetector(ModelFile model, InputSpec spec, String signature) {
    this.model = model;
    this.spec = spec;
    try {
      this.bundle = SavedModelBundle.load(model.path(), "serve");
    } catch (RuntimeException e) {
      throw new ModelException("cannot load SavedModel " + model.path() + " (tag serve): " + OnnxDetector.firstLine(e.getMessage()), e);
    }
    try {
      SessionFunction f;
      try {
        f = bundle.function(signature);
      } catch (IllegalArgumentException e) {
        throw new ModelException("SavedModel " + model.path() + " has no signature '" + signature + "'");
      }
      this.function = f;
      Signature sig = f.signature();
      Map<String, Signature.TensorDescription> inputs = sig.getInputs();
      if (inputs.size() != 1) {
        throw new ModelException("SavedModel " + model.path() + " signature '" + signature + "' takes "
            + inputs.keySet() + "; constcl feeds one image input [1, H, W, 3]");
      }
      Map.Entry<String, Signature.TensorDescription> in = inputs.entrySet().iterator().next();
      this.inputName = in.getKey();
      this.inputType = in.getValue().dataType;
      Shape shape = in.getValue().shape;
      if (shape.numDimensions() != 4 || shape.size(3) != 3
          || (inputType != DataType.DT_UINT8 && inputType != DataType.DT_FLOAT)) {
        throw new ModelException("SavedModel " + model.path() + " input '" + inputName + "' is " + inputType
            + " " + shape + "; constcl feeds uint8 or float images [1, H, W, 3]");
      }
      this.fixedHeight = shape.size(1);
      this.fixedWidth = shape.size(2);
      Map<String, Signature.TensorDescription> outputs = sig.getOutputs();
      if (!outputs.containsKey(BOXES) || !outputs.containsKey(SCORES)) {
        throw new ModelException("cannot interpret the outputs of SavedModel " + model.path() + ": "
            + outputs.keySet() + "; constcl reads " + BOXES + " and " + SCORES + " [+ " + CLASSES + ", " + COUNT + "]");
      }
      this.hasClasses = outputs.containsKey(CLASSES);
      this.hasCount = outputs.containsKey(COUNT);
    } catch (RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  @Override
  public List<RawDetection> detect(Mat bgr) {
    int w = spec.nativeSize() ? (fixedWidth > 0 ? (int) fixedWidth : bgr.cols()) : spec.width();
    int h = spec.nativeSize() ? (fixedHeight > 0 ? (int) fixedHeight : bgr.rows()) : spec.height();
    Mat src = bgr;
    if (w != bgr.cols() || h != bgr.rows()) {
      try (Size size = new Size(w, h)) {
        resize(bgr, resized, size, 0, 0, INTER_LINEAR);
      }
      src = resized;
    }
    Mat pixels = src;
    if (spec.rgb()) {
      cvtColor(src, rgb, COLOR_BGR2RGB);
      pixels = rgb;
    }
    byte[] bytes = new byte[w * h * 3];
    Mat dense = pixels.isContinuous() ? pixels : pixels.clone();
    try (BytePointer p = new BytePointer(dense.data())) {
      p.get(bytes);
    } finally {
      if (dense != pixels) {
        dense.close();
      }
    }
    Shape shape = Shape.of(1, h, w, 3);
    try (Tensor input = inputType == DataType.DT_UINT8
            ? TUint8.tensorOf(shape, DataBuffers.of(bytes, true, false))
            : TFloat32.tensorOf(shape, t -> t.asRawTensor().data().asFloats().write(scaled(bytes)));
        Result r = run(input)) {
      float[] boxes = floats(r, BOXES);
      float[] scores = floats(r, SCORES);
      float[] classes = hasClasses ? floats(r, CLASSES) : null;
      int n = scores.length;
      if (hasCount) {
        n = Math.min(n, Math.round(floats(r, COUNT)[0]));
      }
      if (boxes.length != 4 * scores.length || (classes != null && classes.length != scores.length)) {
        throw new ModelException("cannot interpret the outputs of SavedModel " + model.path() + ": "
            + BOXES + " has " + boxes.length + " values for " + scores.length + " scores");
      }
      List<RawDetection> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(new RawDetection(classes == null ? 0 : Math.round(classes[i]), scores[i],
            boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]));
      }
      return out;
    }
  }

  private Result run(Tensor input) {
    try {
      return function.call(Map.of(inputName, input));
    } catch (RuntimeException e) {
      throw new ModelException("SavedModel " + model.path() + " failed on its input: " + OnnxDetector.firstLine(e.getMessage()), e);
    }
  }

  private float[] scaled(byte[] bytes) {
    float[] f = new float[bytes.length];
    double[] m = spec.mean();
    for (int i = 0; i < bytes.length; i++) {
      f[i] = (float) (((bytes[i] & 0xff) - m[i % 3]) * spec.pixelScale());
    }
    return f;
  }

  private float[] floats(Result r, String name) {
    Tensor t = r.get(name).orElseThrow(() -> new ModelException("SavedModel " + model.path() + " returned no " + name));
    if (!(t instanceof TNumber)) {
      throw new ModelException("SavedModel " + model.path() + " output " + name + " is not numeric");
    }
    float[] v = new float[(int) t.shape().size()];
    if (t instanceof TFloat32 f) {
      f.asRawTensor().data().asFloats().read(v);
    } else {
      // Some exports emit classes or counts as integers or doubles.
      TNumber num = (TNumber) t;
      long[] idx = new long[t.shape().numDimensions()];
      for (int i = 0; i < v.length; i++) {
        v[i] = ((Number) ((org.tensorflow.ndarray.NdArray<?>) num).getObject(unravel(i, t.shape(), idx))).floatValue();
      }
    }
    return v;
  }

  private static long[] unravel(long flat, Shape shape, long[] idx) {
    for (int d = idx.length - 1; d >= 0; d--) {
      long s = shape.size(d);
      idx[d] = flat % s;
      flat /= s;
    }
    return idx;
  }

  @Override
  public void close() {
    rgb.close();
    resized.close();
    bundle.close();
  }
}
