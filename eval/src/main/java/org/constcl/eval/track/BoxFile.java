package org.constcl.eval.track;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code x,y,w,h} per line, with any separator OTB files use (comma, tab, spaces); NaN kept as NaN. */
public final class BoxFile {
  private BoxFile() {}

  public static List<double[]> read(Path file) throws IOException {
    List<String> lines = org.constcl.eval.data.AnnotationText.lines(file);
    List<double[]> boxes = new ArrayList<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] t = line.split("[,\\s]+");
      if (t.length != 4) {
        throw new IOException(file + ":" + (n + 1) + ": expected x,y,w,h, found " + t.length + " values: " + line);
      }
      double[] b = new double[4];
      for (int k = 0; k < 4; k++) {
        try {
          b[k] = t[k].equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(t[k]);
        } catch (NumberFormatException e) {
          throw new IOException(file + ":" + (n + 1) + ": not a number: " + t[k]);
        }
      }
      boxes.add(b);
    }
    return boxes;
  }

  /** Writes boxes as the GOT toolkit does: comma-separated, three decimals. */
  public static void write(Path file, List<double[]> boxes) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (double[] b : boxes) {
      sb.append(String.format(Locale.ROOT, "%.3f,%.3f,%.3f,%.3f%n", b[0], b[1], b[2], b[3]));
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, sb, StandardCharsets.UTF_8);
  }
}
