package org.constcl.proposal.detect;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/** A user-provided detector model, loaded and ready to run on BGR frames. One per thread. */
public interface Detector extends AutoCloseable {

  /**
   * Detections on one 8-bit BGR frame, in normalised frame coordinates.
   *
   * @throws ModelException if the model's outputs cannot be interpreted
   */
  List<RawDetection> detect(Mat bgr);

  @Override
  void close();

  /** Loads {@code model} (OpenCV DNN for ONNX, TF Java for a SavedModel). */
  static Detector load(ModelFile model, InputSpec input, String signature) {
    return switch (model.format()) {
      case ONNX -> new OnnxDetector(model, input);
      case SAVED_MODEL -> new SavedModelDetector(model, input, signature);
    };
  }
}
