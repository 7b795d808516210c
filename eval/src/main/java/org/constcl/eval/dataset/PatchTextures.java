package org.constcl.eval.dataset;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/** What the synthetic-set makers share: textures cut from real frames, and an empty output folder. */
final class PatchTextures {
  private PatchTextures() {}

  /**
   * A square from the middle of {@code source} (shifted right by {@code offset} quarters of its
   * side), scaled to {@code pw} x {@code ph}. The caller closes it.
   */
  static Mat cut(Mat source, int pw, int ph, int offset) {
    int side = Math.min(source.cols(), source.rows()) / 2;
    int x = Math.min(source.cols() - side, (source.cols() - side) / 2 + offset * side / 4);
    try (Rect r = new Rect(x, (source.rows() - side) / 2, side, side); Mat crop = source.apply(r); Size size = new Size(pw, ph)) {
      Mat out = new Mat();
      resize(crop, out, size, 0, 0, INTER_AREA);
      return out;
    }
  }

  /** Refuses an output folder that exists with something in it. */
  static void requireEmpty(Path output) throws IOException {
    if (Files.isDirectory(output)) {
      try (var entries = Files.list(output)) {
        if (entries.findAny().isPresent()) {
          throw new IOException(output + " is not empty");
        }
      }
    }
  }
}
