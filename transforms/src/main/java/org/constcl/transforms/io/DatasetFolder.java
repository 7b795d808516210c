package org.constcl.transforms.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Prepares a local output folder for a dataset: refuses to mix a new dataset into an old one. */
public final class DatasetFolder {
  private DatasetFolder() {}

  /**
   * Creates {@code folder} if needed. A folder that already holds files is an error unless
   * {@code overwrite}, in which case its contents are deleted first.
   *
   * @throws IOException with a message naming the folder and what to do
   */
  public static void prepare(Path folder, boolean overwrite) throws IOException {
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new IOException(folder + " exists and is not a folder");
    }
    Files.createDirectories(folder);
    List<Path> existing;
    try (Stream<Path> s = Files.list(folder)) {
      existing = s.toList();
    }
    if (existing.isEmpty()) {
      return;
    }
    if (!overwrite) {
      throw new IOException(folder + " is not empty (" + existing.size()
          + " entries); choose another --output or pass --overwrite to replace its contents");
    }
    for (Path p : existing) {
      FileTrees.delete(p);
    }
  }
}
