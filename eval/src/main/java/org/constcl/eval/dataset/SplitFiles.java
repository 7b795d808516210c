package org.constcl.eval.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reading helpers shared by the split-file readers. */
final class SplitFiles {
  private SplitFiles() {}

  static List<String> lines(Path file) throws DatasetFormatException {
    if (!Files.isRegularFile(file)) {
      throw new DatasetFormatException(file + ": split file not found");
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      return text.lines().map(String::strip).toList();
    } catch (IOException e) {
      throw new DatasetFormatException(file + ": cannot read (" + e.getMessage() + ")");
    }
  }

  static DatasetFormatException error(Path file, int line, String what) {
    return new DatasetFormatException(file + ":" + line + ": " + what);
  }

  static String origin(Path file, int line) {
    return file.getFileName() + ":" + line;
  }
}
