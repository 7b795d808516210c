package org.constcl.transforms.video;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes stored JPEG frames to 8-bit BGR Mats. A frame is undecodable when it lacks the JPEG
 * start or end marker (libjpeg would silently grey-fill a truncated image) or when OpenCV cannot
 * decode it; callers reject the record rather than propose boxes on a damaged frame.
 */
public final class JpegDecoder {
  private JpegDecoder() {}

  /** Why {@code jpeg} cannot be decoded, or null when it looks complete. */
  public static String structuralProblem(byte[] jpeg) {
    if (jpeg == null || jpeg.length < 4) {
      return "empty or too short for a JPEG (" + (jpeg == null ? 0 : jpeg.length) + " bytes)";
    }
    if ((jpeg[0] & 0xff) != 0xFF || (jpeg[1] & 0xff) != 0xD8) {
      return "no JPEG start-of-image marker";
    }
    int end = jpeg.length;
    while (end > 2 && jpeg[end - 1] == 0) {
      end--; // some encoders pad
    }
    if ((jpeg[end - 2] & 0xff) != 0xFF || (jpeg[end - 1] & 0xff) != 0xD9) {
      return "truncated: no JPEG end-of-image marker";
    }
    return null;
  }

  /**
   * The decoded BGR frame (caller closes it).
   *
   * @throws IllegalArgumentException naming the problem when {@code jpeg} cannot be decoded
   */
  public static Mat decodeBgr(byte[] jpeg) {
    return decodeBgr(jpeg, 1);
  }

  /**
   * The frame decoded at 1/{@code reduction} of its size (1, 2, 4 or 8: libjpeg scales in the
   * DCT, several times faster than a full decode followed by a resize); the result is
   * {@code ceil(w / reduction) x ceil(h / reduction)}.
   *
   * @throws IllegalArgumentException naming the problem when {@code jpeg} cannot be decoded
   */
  public static Mat decodeBgr(byte[] jpeg, int reduction) {
    int flags = switch (reduction) {
      case 1 -> IMREAD_COLOR;
      case 2 -> org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
      case 4 -> org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
      case 8 -> org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
      default -> throw new IllegalArgumentException("reduction must be 1, 2, 4 or 8, got " + reduction);
    };
    String problem = structuralProblem(jpeg);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    try (BytePointer bytes = new BytePointer(jpeg);
        Mat buf = new Mat(1, jpeg.length, CV_8U, bytes)) {
      Mat bgr = imdecode(buf, flags);
      if (bgr == null || bgr.empty()) {
        if (bgr != null) {
          bgr.close();
        }
        throw new IllegalArgumentException("OpenCV could not decode the JPEG");
      }
      return bgr;
    }
  }
}
