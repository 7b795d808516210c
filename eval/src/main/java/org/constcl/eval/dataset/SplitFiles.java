package org.constcl.eval.dataset;

import java.io.IOException;
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
      return org.constcl.eval.data.AnnotationText.lines(file).stream().map(String::strip).toList();
    } catch (IOException e) {
      throw new DatasetFormatException(e.getMessage().startsWith(file.toString()) ? e.getMessage()
          : file + ": cannot read (" + e.getMessage() + ")");
    }
  }

  static DatasetFormatException error(Path file, int line, String what) {
    return new DatasetFormatException(file + ":" + line + ": " + what);
  }

  static String origin(Path file, int line) {
    return file.getFileName() + ":" + line;
  }
}
