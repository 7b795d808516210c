package org.constcl.transforms.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_YUV2BGR_I420;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Turns decoded frames (any FFmpeg pixel format) into a BGR image of a fixed size. The output
 * image is reused between calls. Not thread-safe.
 *
 * <p>For even sizes, swscale resizes into planar YUV 4:2:0 and OpenCV converts the small result to
 * BGR: swscale's combined resize-and-convert-to-BGR path is about 4x slower than its YUV resize,
 * and the JPEG encoder subsamples chroma to 4:2:0 anyway. Odd sizes, which 4:2:0 cannot hold,
 * take the combined path.
 */
final class FrameScaler implements AutoCloseable {
  private final int width;
  private final int height;
  private final int flags;
  private final boolean viaYuv;
  private final Mat bgr;
  private final Mat yuv;
  private final PointerPointer<?> dstData;
  private final IntPointer dstStride;
  private SwsContext context;

  FrameScaler(int width, int height, int flags) {
    this.width = width;
    this.height = height;
    this.flags = flags;
    this.viaYuv = width % 2 == 0 && height % 2 == 0;
    this.bgr = new Mat(height, width, CV_8UC3);
    if (viaYuv) {
      this.yuv = new Mat(height * 3 / 2, width, CV_8UC1);
      BytePointer base = yuv.data();
      long lumaBytes = (long) width * height;
      long chromaBytes = lumaBytes / 4;
      this.dstData =
          new PointerPointer<>(3)
              .put(0, base)
              .put(1, new BytePointer(base).position(lumaBytes))
              .put(2, new BytePointer(base).position(lumaBytes + chromaBytes));
      this.dstStride = new IntPointer(width, width / 2, width / 2);
    } else {
      this.yuv = null;
      this.dstData = new PointerPointer<>(1).put(0, bgr.data());
      this.dstStride = new IntPointer(1).put(0, (int) bgr.step());
    }
  }

  /** Scales {@code frame} into the reused BGR image and returns it. */
  Mat scale(AVFrame frame) {
    context =
        swscale.sws_getCachedContext(
            context, frame.width(), frame.height(), frame.format(),
            width, height, viaYuv ? AV_PIX_FMT_YUV420P : AV_PIX_FMT_BGR24, flags,
            null, null, (DoublePointer) null);
    if (context == null) {
      throw new IllegalStateException(
          "swscale cannot convert " + frame.width() + "x" + frame.height() + " format " + frame.format());
    }
    // An AVFrame starts with its data[8] plane pointers, so it doubles as the uint8_t** swscale wants.
    swscale.sws_scale(
        context, new PointerPointer<>(frame), frame.linesize(), 0, frame.height(), dstData, dstStride);
    if (viaYuv) {
      cvtColor(yuv, bgr, COLOR_YUV2BGR_I420);
    }
    return bgr;
  }

  @Override
  public void close() {
    if (context != null) {
      swscale.sws_freeContext(context);
      context = null;
    }
    dstData.close();
    dstStride.close();
    if (yuv != null) {
      yuv.close();
    }
    bgr.close();
  }
}
