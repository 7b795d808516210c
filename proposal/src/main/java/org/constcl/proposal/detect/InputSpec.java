package org.constcl.proposal.detect;

/**
 * How a frame is turned into a model input.
 *
 * @param width input width in pixels; 0 feeds the frame at its own size
 * @param height input height in pixels; 0 feeds the frame at its own size
 * @param pixelScale float inputs: {@code (pixel - mean) * scale}
 * @param mean per-channel mean subtracted from float inputs, in input channel order
 * @param rgb feed channels as RGB (the frame is BGR)
 */
public record InputSpec(int width, int height, double pixelScale, double[] mean, boolean rgb) {
  public InputSpec {
    if (mean.length != 3) {
      throw new IllegalArgumentException("pixel mean needs 3 values, got " + mean.length);
    }
    mean = mean.clone();
  }

  /** Whether frames are fed at their own size. */
  public boolean nativeSize() {
    return width == 0 || height == 0;
  }
}
