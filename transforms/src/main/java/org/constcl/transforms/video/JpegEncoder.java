package org.constcl.transforms.video;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** Encodes BGR images as baseline JPEG with OpenCV (libjpeg-turbo). Not thread-safe. */
public final class JpegEncoder implements AutoCloseable {
  private final IntPointer params;

  /** @param quality JPEG quality, 1 to 100 */
  public JpegEncoder(int quality) {
    if (quality < 1 || quality > 100) {
      throw new IllegalArgumentException("JPEG quality must be in 1..100, got " + quality);
    }
    this.params = new IntPointer(IMWRITE_JPEG_QUALITY, quality);
  }

  /** The JPEG bytes of a BGR {@code image} (any row stride). */
  public byte[] encode(Mat image) {
    try (BytePointer buf = new BytePointer()) {
      if (!imencode(".jpg", image, buf, params)) {
        throw new IllegalStateException("OpenCV could not encode a " + image.cols() + "x" + image.rows() + " image");
      }
      byte[] out = new byte[(int) buf.limit()];
      buf.get(out);
      return out;
    }
  }

  @Override
  public void close() {
    params.close();
  }
}
