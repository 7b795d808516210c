package org.constcl.transforms.clip;

/**
 * The stored size of frames: the source scaled so its short side is {@code shortSide}, aspect
 * kept, the long side rounded to an even number of pixels (as ffmpeg's {@code scale=-2:N}).
 *
 * @param width stored width
 * @param height stored height
 */
public record FrameSize(int width, int height) implements java.io.Serializable {

  /**
   * Scales {@code sourceWidth x sourceHeight} to short side {@code shortSide}; 0 keeps the source
   * size. Frames are scaled up as well as down, so every record of a dataset has the same short side.
   */
  public static FrameSize scaleToShortSide(int sourceWidth, int sourceHeight, int shortSide) {
    if (sourceWidth <= 0 || sourceHeight <= 0) {
      throw new IllegalArgumentException("invalid source size " + sourceWidth + "x" + sourceHeight);
    }
    if (shortSide == 0) {
      return new FrameSize(sourceWidth, sourceHeight);
    }
    if (sourceWidth <= sourceHeight) {
      return new FrameSize(shortSide, evenRound((double) sourceHeight * shortSide / sourceWidth));
    }
    return new FrameSize(evenRound((double) sourceWidth * shortSide / sourceHeight), shortSide);
  }

  private static int evenRound(double v) {
    return Math.max(2, 2 * (int) Math.round(v / 2));
  }
}
