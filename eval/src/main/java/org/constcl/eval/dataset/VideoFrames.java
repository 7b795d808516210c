package org.constcl.eval.dataset;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.constcl.transforms.clip.FrameSize;

/** The first frames of a video, decoded and scaled to a short side (BGR Mats the caller closes). */
public final class VideoFrames {
  private VideoFrames() {}

  public static List<Mat> decode(Path video, int shortSide, int limit) throws IOException {
    List<Mat> frames = new ArrayList<>();
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile());
        OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat()) {
      g.start();
      Frame f;
      while (frames.size() < limit && (f = g.grabImage()) != null) {
        Mat m = conv.convert(f);
        FrameSize size = FrameSize.scaleToShortSide(m.cols(), m.rows(), shortSide);
        Mat r = new Mat();
        try (Size s = new Size(size.width(), size.height())) {
          resize(m, r, s, 0, 0, INTER_AREA);
        }
        frames.add(r);
      }
      g.stop();
    } catch (FFmpegFrameGrabber.Exception e) {
      frames.forEach(Mat::close);
      throw new IOException(video + ": cannot decode (" + e.getMessage() + ")", e);
    }
    return frames;
  }
}
