package org.constcl.eval.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that the frames of an image sequence ({@code 0001.jpg}, {@code 00000001.jpg},
 * {@code <video>_000001.jpg}) are numbered without a gap: a frame missing from the middle would
 * otherwise shift every later frame against its annotation.
 */
public final class FrameNumbering {
  private static final Pattern NUMBER = Pattern.compile("^(.*?)(\\d+)(\\.[A-Za-z]+)$");

  private FrameNumbering() {}

  /**
   * @param frames the sequence's frame files in name order
   * @throws IOException naming the first missing frame file
   */
  public static void requireContiguous(Path dir, List<Path> frames) throws IOException {
    long previous = -1;
    Path previousFile = null;
    for (Path f : frames) {
      Matcher m = NUMBER.matcher(f.getFileName().toString());
      if (!m.matches()) {
        throw new IOException(dir + ": frame file " + f.getFileName() + " has no frame number");
      }
      long n = Long.parseLong(m.group(2));
      if (previousFile != null && n != previous + 1) {
        String digits = m.group(2);
        String missing = m.group(1) + String.format("%0" + digits.length() + "d", previous + 1) + m.group(3);
        throw new IOException(dir + ": frame " + missing + " is missing (the sequence goes from "
            + previousFile.getFileName() + " to " + f.getFileName() + ")");
      }
      previous = n;
      previousFile = f;
    }
  }
}
