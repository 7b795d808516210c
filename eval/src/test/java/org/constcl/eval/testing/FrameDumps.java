package org.constcl.eval.testing;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/** Frames of a real video written as the JPEG files of an image-sequence dataset. */
public final class FrameDumps {
  private FrameDumps() {}

  /** Writes the first {@code n} frames of {@code video} into {@code dir}, named by {@code name(i)} for 0-based i. */
  public static List<Path> write(Path video, int n, Path dir, IntFunction<String> name) throws IOException {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile());
        OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat()) {
      g.start();
      for (int i = 0; i < n; i++) {
        Frame f = g.grabImage();
        if (f == null) {
          throw new IOException(video + " has only " + i + " frames");
        }
        Mat m = toMat.convert(f);
        Path file = dir.resolve(name.apply(i));
        if (!imwrite(file.toString(), m)) {
          throw new IOException("cannot write " + file);
        }
        out.add(file);
      }
      g.stop();
    }
    return out;
  }

  /** Cuts {@code file} to its first {@code fraction} of bytes, as an interrupted copy leaves it. */
  public static void truncate(Path file, double fraction) throws IOException {
    byte[] b = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(b, (int) (b.length * fraction)));
  }

  /** The same text with Windows line endings and a UTF-8 byte-order mark, as Excel or Notepad saves it. */
  public static void windowsText(Path file) throws IOException {
    String text = Files.readString(file).replace("\r\n", "\n").replace("\n", "\r\n");
    byte[] body = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] out = new byte[body.length + 3];
    out[0] = (byte) 0xEF;
    out[1] = (byte) 0xBB;
    out[2] = (byte) 0xBF;
    System.arraycopy(body, 0, out, 3, body.length);
    Files.write(file, out);
  }
}
