package org.constcl.workflows.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.constcl.transforms.io.FileDigest;

/**
 * Content digests of inputs from outside the store (videos, official datasets, detector models):
 * SHA-256 over every file's relative path, size and SHA-256. File digests are remembered by
 * (path, size, modification time) in the store, so a re-run hashes only what changed.
 */
public final class ExternalDigests {
  private final Path cacheFile;
  private final Map<String, String> cache = new ConcurrentHashMap<>();
  private boolean dirty;

  public ExternalDigests(Path cacheFile) {
    this.cacheFile = cacheFile;
    if (cacheFile != null && Files.isRegularFile(cacheFile)) {
      try {
        JsonNode n = CanonicalJson.JSON.readTree(cacheFile.toFile());
        n.fields().forEachRemaining(e -> cache.put(e.getKey(), e.getValue().asText()));
      } catch (IOException e) {
        // A damaged cache only costs re-hashing.
      }
    }
  }

  /** Digest of a file or of a folder's files (hidden files and folders left out) by content. */
  public String digest(Path path) {
    return digest(path, false);
  }

  /**
   * Digest of a file or folder; {@code statOnly} uses each file's size and modification time
   * instead of its content (for datasets too large to hash; a rewrite with equal size and time
   * goes unnoticed).
   */
  public String digest(Path path, boolean statOnly) {
    try {
      List<Path> files = new ArrayList<>();
      if (Files.isDirectory(path)) {
        try (Stream<Path> s = Files.walk(path)) {
          s.filter(p -> Files.isRegularFile(p) && !hidden(path, p)).sorted().forEach(files::add);
        }
      } else {
        files.add(path);
      }
      StringBuilder sb = new StringBuilder();
      for (Path f : files) {
        String rel = Files.isDirectory(path) ? path.relativize(f).toString().replace('\\', '/') : f.getFileName().toString();
        sb.append(rel).append(' ').append(Files.size(f)).append(' ')
            .append(statOnly ? "mtime " + Files.getLastModifiedTime(f).toMillis() : fileDigest(f)).append('\n');
      }
      return (statOnly ? "stat:" : "") + CanonicalJson.sha256(sb.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  private static boolean hidden(Path root, Path p) {
    for (Path part : root.relativize(p)) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private String fileDigest(Path f) throws IOException {
    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    String stat = f.toAbsolutePath().normalize() + "|" + a.size() + "|" + a.lastModifiedTime().toMillis();
    String d = cache.get(stat);
    if (d == null) {
      d = FileDigest.sha256Hex(f);
      cache.put(stat, d);
      synchronized (this) {
        dirty = true;
      }
    }
    return d;
  }

  /** Writes the remembered digests back (atomically). */
  public synchronized void save() {
    if (!dirty || cacheFile == null) {
      return;
    }
    try {
      ObjectNode o = CanonicalJson.JSON.createObjectNode();
      new java.util.TreeMap<>(cache).forEach(o::put);
      Files.createDirectories(cacheFile.getParent());
      Path tmp = cacheFile.resolveSibling(cacheFile.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
      Files.writeString(tmp, CanonicalJson.JSON.writeValueAsString(o), StandardCharsets.UTF_8);
      Files.move(tmp, cacheFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      dirty = false;
    } catch (IOException e) {
      // Only a cache.
    }
  }
}
