package org.constcl.proposal.render;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_COMPRESSION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.constcl.proposal.record.Box;
import org.constcl.proposal.record.BoxRecord;
import org.constcl.transforms.record.ClipRecord;
import org.constcl.transforms.video.JpegDecoder;

/**
 * A PNG contact sheet of one clip: one row per box dataset (region source), one column per
 * frame, each frame drawn with that source's boxes, so a person can see what a source produces.
 * Each row is headed by its source, engine and box counts; boxes are outlined in a palette of
 * distinguishable colours, best-ranked first.
 */
public final class ContactSheet {
  private static final int HEADER = 18;
  private static final int GAP = 4;
  private static final Scalar[] PALETTE = {
    rgb(230, 25, 75), rgb(60, 180, 75), rgb(255, 225, 25), rgb(0, 130, 200), rgb(245, 130, 48),
    rgb(145, 30, 180), rgb(70, 240, 240), rgb(240, 50, 230), rgb(210, 245, 60), rgb(250, 190, 212),
    rgb(0, 128, 128), rgb(220, 190, 255), rgb(170, 110, 40), rgb(255, 250, 200), rgb(128, 0, 0),
    rgb(170, 255, 195)
  };

  private ContactSheet() {}

  /**
   * Chooses {@code count} frames spread evenly over the frames that carry boxes in every row.
   *
   * @throws IllegalArgumentException if no frame carries boxes in all rows
   */
  public static List<Integer> spreadFrames(List<BoxRecord> rows, int count) {
    TreeSet<Integer> common = new TreeSet<>(rows.get(0).frameIndices());
    for (BoxRecord r : rows) {
      common.retainAll(r.frameIndices());
    }
    if (common.isEmpty()) {
      throw new IllegalArgumentException("no frame of clip " + rows.get(0).clipId() + " carries boxes in every box dataset given");
    }
    List<Integer> all = new ArrayList<>(common);
    List<Integer> chosen = new ArrayList<>();
    int n = Math.min(count, all.size());
    for (int i = 0; i < n; i++) {
      int idx = n == 1 ? 0 : (int) Math.round((double) i * (all.size() - 1) / (n - 1));
      chosen.add(all.get(idx));
    }
    return chosen;
  }

  /**
   * Draws the sheet and writes it as PNG.
   *
   * @param clip the clip record
   * @param rows its box records, one per source (rows of the sheet)
   * @param frames stored-frame indices (columns); boxes of the nearest earlier box frame are drawn
   * @param height height of each frame thumbnail in pixels
   * @param out PNG file to write
   */
  public static void write(ClipRecord clip, List<BoxRecord> rows, List<Integer> frames, int height, Path out)
      throws IOException {
    for (BoxRecord r : rows) {
      if (!r.clipId().equals(clip.clipId())) {
        throw new IllegalArgumentException("box record of " + r.clipId() + " given for clip " + clip.clipId());
      }
    }
    int width = (int) Math.round((double) clip.width() * height / clip.height());
    int sheetW = frames.size() * (width + GAP) + GAP;
    int sheetH = rows.size() * (height + HEADER + GAP) + GAP;
    try (Scalar background = rgb(32, 32, 32);
        Mat sheet = new Mat(sheetH, sheetW, opencv_core.CV_8UC3, background)) {
      List<Mat> thumbs = new ArrayList<>();
      try {
        for (int f : frames) {
          if (f < 0 || f >= clip.numFrames()) {
            throw new IllegalArgumentException("frame " + f + " is outside clip " + clip.clipId() + " (" + clip.numFrames() + " frames)");
          }
          Mat thumb = new Mat();
          try (Mat bgr = JpegDecoder.decodeBgr(clip.frames().get(f)); Size size = new Size(width, height)) {
            resize(bgr, thumb, size, 0, 0, INTER_AREA);
          }
          thumbs.add(thumb);
        }
        for (int r = 0; r < rows.size(); r++) {
          BoxRecord boxes = rows.get(r);
          int top = GAP + r * (height + HEADER + GAP);
          String title = boxes.source() + "  " + boxes.engine() + (boxes.isRejected() ? "  REJECTED: " + boxes.rejectReason() : "");
          text(sheet, title, GAP, top + 13);
          for (int c = 0; c < frames.size(); c++) {
            int left = GAP + c * (width + GAP);
            try (Rect cell = new Rect(left, top + HEADER, width, height); Mat roi = new Mat(sheet, cell)) {
              thumbs.get(c).copyTo(roi);
              List<Box> drawn = boxes.boxesAtOrBefore(frames.get(c));
              for (int i = drawn.size() - 1; i >= 0; i--) {
                outline(roi, drawn.get(i), width, height, PALETTE[i % PALETTE.length]);
              }
              text(roi, String.format(Locale.ROOT, "f%d  %d", frames.get(c), drawn.size()), 3, height - 5);
            }
          }
        }
      } finally {
        thumbs.forEach(Mat::close);
      }
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (IntPointer params = new IntPointer(IMWRITE_PNG_COMPRESSION, 9)) {
        if (!imwrite(out.toString(), sheet, params)) {
          throw new IOException("could not write " + out);
        }
      }
    }
  }

  private static void outline(Mat img, Box b, int w, int h, Scalar colour) {
    int x0 = (int) Math.round(b.xmin() * (w - 1));
    int y0 = (int) Math.round(b.ymin() * (h - 1));
    int x1 = (int) Math.round(b.xmax() * (w - 1));
    int y1 = (int) Math.round(b.ymax() * (h - 1));
    try (Point p0 = new Point(x0, y0); Point p1 = new Point(x1, y1)) {
      rectangle(img, p0, p1, colour, 1, LINE_AA, 0);
    }
  }

  private static void text(Mat img, String s, int x, int y) {
    try (Point at = new Point(x, y); Scalar shadow = rgb(0, 0, 0); Scalar white = rgb(255, 255, 255);
        Point at1 = new Point(x + 1, y + 1)) {
      putText(img, s, at1, FONT_HERSHEY_SIMPLEX, 0.4, shadow, 1, LINE_AA, false);
      putText(img, s, at, FONT_HERSHEY_SIMPLEX, 0.4, white, 1, LINE_AA, false);
    }
  }

  private static Scalar rgb(int r, int g, int b) {
    return new Scalar(b, g, r, 0);
  }
}
