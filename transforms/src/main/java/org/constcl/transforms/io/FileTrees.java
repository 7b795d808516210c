package org.constcl.transforms.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Local file trees: the one recursive delete every module uses. */
public final class FileTrees {
  private FileTrees() {}

  /**
   * Deletes {@code path} and, for a folder, everything below it; a missing path is no error. A
   * symbolic link is deleted, never followed, so nothing outside the tree is touched.
   */
  public static void delete(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(path)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Deletes what {@code folder} holds, keeping the folder. */
  public static void clear(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      for (Path p : s.toList()) {
        delete(p);
      }
    }
  }
}
