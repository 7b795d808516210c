package org.constcl.tfmodel.data;

import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Renders one view (reference §5.2): crop each stored frame, resize to {@code size x size}
 * (bilinear), flip, then colour jitter, grayscale, blur and solarisation on floats in [0, 1]
 * with the same draws for every frame, and quantise to uint8 RGB. The graph maps uint8 to
 * [-1, 1], so quantising here costs at most half a grey level against the reference's floats.
 */
public final class ViewRenderer implements AutoCloseable {
  private final int size;
  private final Mat resized = new Mat();
  private final Mat flipped = new Mat();
  private final Mat rgb = new Mat();
  private final byte[] frameBytes;

  public ViewRenderer(int size) {
    this.size = size;
    this.frameBytes = new byte[size * size * 3];
  }

  /**
   * The view's frames as uint8 RGB {@code [T, size, size, 3]}, written into {@code out} at
   * {@code offset}.
   */
  public void render(List<Mat> frames, ViewAugmentation aug, byte[] out, int offset) {
    render(frames, aug, 1, out, offset);
  }

  /**
   * As {@link #render(List, ViewAugmentation, byte[], int)} for frames decoded at
   * 1/{@code reduction} scale: the crop, given in full-size pixels, is scaled to them.
   */
  public void render(List<Mat> frames, ViewAugmentation aug, int reduction, byte[] out, int offset) {
    int frameLen = size * size * 3;
    float[] values = new float[frames.size() * frameLen];
    CropWindow c = scaled(aug.crop(), reduction, frames.get(0).cols(), frames.get(0).rows());
    for (int t = 0; t < frames.size(); t++) {
      try (Rect r = new Rect(c.x(), c.y(), c.width(), c.height());
          Mat roi = new Mat(frames.get(t), r);
          Size s = new Size(size, size)) {
        resize(roi, resized, s, 0, 0, INTER_LINEAR);
      }
      Mat src = resized;
      if (aug.flip()) {
        flip(resized, flipped, 1);
        src = flipped;
      }
      cvtColor(src, rgb, COLOR_BGR2RGB);
      try (BytePointer p = new BytePointer(rgb.data())) {
        p.get(frameBytes, 0, frameLen);
      }
      int base = t * frameLen;
      for (int i = 0; i < frameLen; i++) {
        values[base + i] = (frameBytes[i] & 0xff) / 255f;
      }
    }
    ViewAugmentation.Jitter j = aug.jitter();
    if (j != null) {
      for (int op : j.order()) {
        switch (op) {
          case 0 -> ColorOps.brightness(values, j.brightness());
          case 1 -> ColorOps.contrast(values, j.contrast());
          case 2 -> ColorOps.saturation(values, j.saturation());
          default -> ColorOps.hue(values, j.hue());
        }
      }
    }
    if (aug.grayscale()) {
      ColorOps.grayscale(values);
    }
    if (aug.blurSigma() > 0) {
      GaussianBlur.apply(values, frames.size(), size, aug.blurSigma());
    }
    if (aug.solarize()) {
      ColorOps.solarize(values);
    }
    for (int i = 0; i < values.length; i++) {
      float v = values[i];
      out[offset + i] = (byte) (int) ((v <= 0f ? 0f : v >= 1f ? 1f : v) * 255f + 0.5f);
    }
  }

  /** {@code crop} in the pixels of a frame decoded at 1/{@code reduction} scale, within its bounds. */
  static CropWindow scaled(CropWindow crop, int reduction, int width, int height) {
    if (reduction == 1) {
      return crop;
    }
    int x = Math.min(width - 1, (int) Math.round((double) crop.x() / reduction));
    int y = Math.min(height - 1, (int) Math.round((double) crop.y() / reduction));
    int w = Math.max(1, Math.min(width - x, (int) Math.round((double) crop.width() / reduction)));
    int h = Math.max(1, Math.min(height - y, (int) Math.round((double) crop.height() / reduction)));
    return new CropWindow(x, y, w, h);
  }

  @Override
  public void close() {
    resized.close();
    flipped.close();
    rgb.close();
  }
}
