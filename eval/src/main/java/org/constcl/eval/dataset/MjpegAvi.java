package org.constcl.eval.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/** Clips the classification-set makers write: MJPEG AVI, byte-identical for the same frames. */
final class MjpegAvi {
  private MjpegAvi() {}

  /** Encodes BGR {@code frames} at {@code fps} into {@code file}. */
  static void write(Path file, List<Mat> frames, int fps) throws IOException {
    Mat first = frames.get(0);
    try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), first.cols(), first.rows(), 0);
        OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat()) {
      r.setFormat("avi");
      r.setVideoCodec(avcodec.AV_CODEC_ID_MJPEG);
      r.setPixelFormat(avutil.AV_PIX_FMT_YUVJ420P);
      r.setFrameRate(fps);
      r.setVideoQuality(3);
      // No encoder/muxer version strings: the files stay byte-identical across runs.
      r.setVideoOption("fflags", "+bitexact");
      r.setOption("fflags", "+bitexact");
      r.start();
      for (Mat m : frames) {
        r.record(conv.convert(m));
      }
      r.stop();
    } catch (FFmpegFrameRecorder.Exception e) {
      throw new IOException(file + ": cannot encode (" + e.getMessage() + ")", e);
    }
  }
}
