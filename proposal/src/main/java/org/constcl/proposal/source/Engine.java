package org.constcl.proposal.source;

import org.bytedeco.opencv.global.opencv_core;

/**
 * What computes a source's boxes. The id, with the library version, is written into every box
 * record so that an ablation table never mixes engines silently.
 */
public enum Engine {
  /** constcl's seeded random box generator. */
  RANDOM_BOXES("constcl/random-boxes-v1"),
  /** OpenCV ximgproc SLIC superpixels. */
  SLIC(opencv() + "/ximgproc-slic"),
  /** OpenCV ximgproc Felzenszwalb–Huttenlocher graph segmentation. */
  GRAPH_SEGMENTATION(opencv() + "/ximgproc-graph-segmentation"),
  /** OpenCV's HOG descriptor with its default (INRIA) people SVM. */
  HOG_PEOPLE(opencv() + "/hog-default-people"),
  /** OpenCV ximgproc selective search object proposals. */
  SELECTIVE_SEARCH(opencv() + "/ximgproc-selective-search"),
  /** A user's ONNX detector run by OpenCV DNN. */
  ONNX_DNN(opencv() + "/dnn-onnx"),
  /** A user's TensorFlow SavedModel detector run by TF Java. */
  TF_SAVED_MODEL("tensorflow-java/saved-model");

  private final String id;

  Engine(String id) {
    this.id = id;
  }

  /** The id written into box records. */
  public String id() {
    return id;
  }

  /** True for engines that run a user-provided model. */
  public boolean usesModel() {
    return this == ONNX_DNN || this == TF_SAVED_MODEL;
  }

  private static String opencv() {
    // Compile-time constants of the preset: no native library is loaded to name the engine.
    return "opencv-" + opencv_core.CV_VERSION_MAJOR + "." + opencv_core.CV_VERSION_MINOR + "."
        + opencv_core.CV_VERSION_REVISION;
  }
}
