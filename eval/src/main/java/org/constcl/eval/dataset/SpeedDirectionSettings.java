package org.constcl.eval.dataset;

/**
 * Settings of the speed/direction benchmark.
 *
 * @param clipFrames frames per output clip
 * @param shortSide short side of the output frames in pixels
 * @param maxWindowsPerVideo at most this many non-overlapping windows cut from one source video
 * @param testFraction fraction of the source videos (at least one) whose clips form the test split
 * @param seed chooses the test videos
 * @param fps frame rate written into the output files
 */
public record SpeedDirectionSettings(int clipFrames, int shortSide, int maxWindowsPerVideo, double testFraction,
    long seed, int fps) {
  /** Speeds (source frames per output frame), in class order. */
  public static final int[] SPEEDS = {1, 2, 4};

  public SpeedDirectionSettings {
    if (clipFrames < 2 || shortSide < 16 || maxWindowsPerVideo < 1 || testFraction <= 0 || testFraction >= 1 || fps < 1) {
      throw new IllegalArgumentException("invalid speed/direction settings: clip frames >= 2, short side >= 16, "
          + "windows >= 1, test fraction in (0, 1), fps >= 1");
    }
  }

  /** 16-frame clips at short side 128, up to 8 windows per video, a third of the videos for test, seed 1, 25 fps. */
  public static SpeedDirectionSettings defaults() {
    return new SpeedDirectionSettings(16, 128, 8, 1.0 / 3, 1, 25);
  }

  /** Source frames one window spans: enough for the fastest speed. */
  public int windowFrames() {
    return clipFrames * SPEEDS[SPEEDS.length - 1];
  }
}
