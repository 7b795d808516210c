package org.constcl.transforms.input;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Resolves an {@code --input} argument into the videos to ingest: a manifest CSV (by its
 * {@code .csv} extension), a directory (searched recursively for video extensions), a glob such
 * as {@code data/**}{@code /*.mp4}, or a single video file. Results are in a stable order (manifest
 * order, otherwise sorted by video id).
 */
public final class VideoInputs {
  /** Extensions a directory search picks up (case-insensitive). */
  public static final Set<String> VIDEO_EXTENSIONS =
      Set.of("mp4", "m4v", "mov", "avi", "mkv", "webm", "mpg", "mpeg", "ogv", "flv", "wmv", "3gp",
          "ts", "mts", "m2ts", "mxf", "asf", "vob", "y4m",
          // raw elementary streams, as encoders and some cameras write them
          "m1v", "m2v", "mpv", "h264", "264", "h265", "265", "hevc");

  private VideoInputs() {}

  /**
   * Resolves {@code input}; {@code classesFile} (may be null) is a class list, one name per line,
   * that fixes label indices for a manifest.
   */
  public static List<VideoSource> resolve(String input, Path classesFile) throws InputException {
    List<String> classes = classesFile == null ? null : readClasses(classesFile);
    Path path = Path.of(input);
    if (input.toLowerCase(Locale.ROOT).endsWith(".csv")) {
      return ManifestReader.read(path, classes);
    }
    if (classes != null) {
      throw new InputException("a class list only applies to a manifest input (--input ends with .csv)");
    }
    List<VideoSource> found;
    if (Files.isDirectory(path)) {
      found = walk(path, p -> hasVideoExtension(p));
    } else if (isGlob(input)) {
      found = glob(input);
    } else if (Files.exists(path)) {
      Path abs = path.toAbsolutePath().normalize();
      return List.of(VideoSource.of(abs.toString(), abs.getFileName().toString()));
    } else {
      throw new InputException(input + ": no such file or directory");
    }
    if (found.isEmpty()) {
      throw new InputException(input + ": no video files found (looked for ."
          + String.join(", .", VIDEO_EXTENSIONS.stream().sorted().toList()) + ")");
    }
    return found;
  }

  static boolean hasVideoExtension(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && VIDEO_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private static boolean isGlob(String s) {
    return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  private static List<VideoSource> glob(String pattern) throws InputException {
    int firstMeta = 0;
    while (firstMeta < pattern.length() && "*?[{".indexOf(pattern.charAt(firstMeta)) < 0) {
      firstMeta++;
    }
    int slash = pattern.lastIndexOf('/', firstMeta);
    Path base = Path.of(slash < 0 ? "." : pattern.substring(0, slash + 1));
    String rest = pattern.substring(slash + 1);
    if (!Files.isDirectory(base)) {
      throw new InputException(pattern + ": the folder " + base + " does not exist");
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
    Path absBase = base.toAbsolutePath().normalize();
    return walk(base, p -> matcher.matches(absBase.relativize(p.toAbsolutePath().normalize())));
  }

  private interface Filter {
    boolean accept(Path p);
  }

  private static List<VideoSource> walk(Path root, Filter filter) throws InputException {
    Path absRoot = root.toAbsolutePath().normalize();
    List<VideoSource> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(absRoot)) {
      // Directories named like videos (x.mp4/) are listed too, so they become rejects, not silence.
      for (Path p : (Iterable<Path>) s.filter(p -> !p.equals(absRoot))::iterator) {
        if (filter.accept(p) && (Files.isRegularFile(p) || hasVideoExtension(p))) {
          String id = absRoot.relativize(p).toString().replace('\\', '/');
          out.add(VideoSource.of(p.toString(), id));
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new InputException(root + ": cannot list the folder (" + e.getMessage() + ")", e);
    }
    out.sort((a, b) -> a.videoId().compareTo(b.videoId()));
    return out;
  }

  private static List<String> readClasses(Path file) throws InputException {
    try {
      List<String> classes = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .toList();
      if (classes.isEmpty()) {
        throw new InputException(file + ": the class list is empty");
      }
      if (classes.stream().distinct().count() != classes.size()) {
        throw new InputException(file + ": the class list names a class twice");
      }
      return classes;
    } catch (IOException e) {
      throw new InputException(file + ": cannot read the class list (" + e.getMessage() + ")", e);
    }
  }
}
