package org.constcl.eval.propagate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A video object segmentation set in the DAVIS-2017 layout: {@code JPEGImages/<res>/<seq>/00000.jpg},
 * {@code Annotations/<res>/<seq>/00000.png} (palette PNGs, labels 0..K, 255 void) and the sequence
 * list {@code ImageSets/2017/<split>.txt}. Every frame needs an annotation (the scores compare
 * against them); the first frame's gives the objects to propagate.
 */
public final class DavisSet {
  /** The resolution folder of the 2017 release. */
  public static final String RESOLUTION = "480p";
  /** The split semi-supervised results are reported on. */
  public static final String SPLIT = "val";

  /** One sequence: its frames and their annotations, in frame order. */
  public record Sequence(String name, List<Path> frames, List<Path> annotations) {}

  private final Path root;
  private final List<Sequence> sequences;

  private DavisSet(Path root, List<Sequence> sequences) {
    this.root = root;
    this.sequences = sequences;
  }

  /**
   * Lists the sequences of {@code split} at {@code resolution}.
   *
   * @throws IOException naming the missing folder, list or annotation file
   */
  public static DavisSet open(Path root, String resolution, String split) throws IOException {
    Path list = root.resolve("ImageSets").resolve("2017").resolve(split + ".txt");
    if (!Files.isRegularFile(list)) {
      throw new IOException(root + " is not a DAVIS-2017 folder: " + list + " is missing (expected JPEGImages/"
          + resolution + "/, Annotations/" + resolution + "/ and ImageSets/2017/" + split + ".txt)");
    }
    Path images = root.resolve("JPEGImages").resolve(resolution);
    Path masks = root.resolve("Annotations").resolve(resolution);
    List<Sequence> out = new ArrayList<>();
    for (String line : org.constcl.eval.data.AnnotationText.lines(list)) {
      String name = line.strip();
      if (name.isEmpty()) {
        continue;
      }
      Path frameDir = images.resolve(name);
      if (!Files.isDirectory(frameDir)) {
        throw new IOException(list + " names sequence " + name + " but " + frameDir + " does not exist");
      }
      List<Path> frames = listed(frameDir, ".jpg");
      if (frames.isEmpty()) {
        throw new IOException(frameDir + ": no .jpg frames");
      }
      org.constcl.eval.data.FrameNumbering.requireContiguous(frameDir, frames);
      List<Path> annotations = new ArrayList<>();
      for (Path f : frames) {
        String stem = f.getFileName().toString().replaceFirst("\\.jpg$", "");
        Path a = masks.resolve(name).resolve(stem + ".png");
        if (!Files.isRegularFile(a)) {
          throw new IOException(a + ": annotation missing for frame " + f + " (every frame needs one to be scored)");
        }
        annotations.add(a);
      }
      out.add(new Sequence(name, List.copyOf(frames), List.copyOf(annotations)));
    }
    if (out.isEmpty()) {
      throw new IOException(list + " lists no sequence");
    }
    return new DavisSet(root, List.copyOf(out));
  }

  private static List<Path> listed(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(suffix)).sorted().toList();
    }
  }

  public Path root() {
    return root;
  }

  public List<Sequence> sequences() {
    return sequences;
  }
}
