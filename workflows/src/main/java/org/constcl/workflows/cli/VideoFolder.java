package org.constcl.workflows.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.constcl.transforms.input.VideoInputs;
import org.constcl.workflows.console.CliException;

/** The video files directly inside a folder (--videos of the dataset makers), sorted by name. */
final class VideoFolder {
  private VideoFolder() {}

  static List<Path> list(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw CliException.usage("--videos " + folder + " is not a folder");
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> VideoInputs.VIDEO_EXTENSIONS.stream()
          .anyMatch(e -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith("." + e))).sorted().toList();
    }
  }
}
