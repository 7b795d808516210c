package org.constcl.eval.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.constcl.transforms.video.JpegDecoder;

/**
 * One frame of an image-sequence dataset (AVA frame dumps, tracking and DAVIS sequences), decoded
 * strictly: a missing file, a JPEG cut short (libjpeg would grey-fill it silently) or one OpenCV
 * cannot decode is an error naming the file, never a damaged frame handed to a model.
 */
public final class FrameImage {
  private FrameImage() {}

  /** The frame as 8-bit BGR (caller closes it). */
  public static Mat readBgr(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IOException("frame " + file + " is missing");
    }
    try {
      return JpegDecoder.decodeBgr(bytes);
    } catch (IllegalArgumentException e) {
      throw new IOException("frame " + file + " cannot be decoded: " + e.getMessage());
    }
  }
}
