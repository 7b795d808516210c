package org.constcl.workflows.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.constcl.workflows.plan.CanonicalJson;

/**
 * What each verified artifact file looked like on disk when its content was last hashed: size,
 * modification time and file key (inode), under {@code index/<kind>/<key>.json} — Git's index for
 * the store. A lookup trusts a file whose metadata is unchanged and re-hashes only the others.
 *
 * <p>Like Git, it guards against "racily clean" files: a file modified within
 * {@link #RACY_NANOS} of the moment its metadata was recorded could change again without its
 * modification time moving, so it is not trusted until a later lookup re-hashes it. A byte changed
 * in place while size and modification time are kept (a disk fault, or a tool that restores
 * times) is invisible to metadata; {@code constcl store scrub} re-hashes everything to find it.
 */
final class StatIndex {
  /** Coarse file-system clocks (ext4 with a 1 ms tick, FAT's 2 s) need a margin; 2 s covers them. */
  static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final Path root;

  StatIndex(Path storeRoot) {
    this.root = storeRoot.resolve("index");
  }

  /** A file's metadata as recorded: size, modification time in nanoseconds, file key (empty when the file system has none). */
  record Stat(long size, long mtimeNanos, String fileKey) {
    static Stat of(Path f) throws IOException {
      return of(Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    }

    static Stat of(BasicFileAttributes a) {
      Object key = a.fileKey();
      return new Stat(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), key == null ? "" : key.toString());
    }
  }

  /** The recorded entries of one artifact: file name → stat, and when they were recorded; null when there are none. */
  record Entry(Map<String, Stat> files, long recordedNanos) {
    /** Whether {@code name}'s current metadata equals the recorded one and was not racy when recorded. */
    boolean trusts(String name, Stat now) {
      Stat was = files.get(name);
      return was != null && was.equals(now) && recordedNanos - was.mtimeNanos() > RACY_NANOS;
    }
  }

  Path file(String kind, String key) {
    return StorePaths.inside(root, kind + "/" + key + ".json");
  }

  /** The recorded entry, or null when absent or unreadable (then every file is hashed, and the entry rewritten). */
  Entry read(String kind, String key) {
    Path f = file(kind, key);
    if (!Files.isRegularFile(f)) {
      return null;
    }
    try {
      JsonNode n = CanonicalJson.JSON.readTree(f.toFile());
      Map<String, Stat> files = new java.util.TreeMap<>();
      n.path("files").fields().forEachRemaining(e -> files.put(e.getKey(),
          new Stat(e.getValue().path("size").asLong(), e.getValue().path("mtime_ns").asLong(),
              e.getValue().path("file_key").asText())));
      return new Entry(files, n.path("recorded_ns").asLong());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Records the stats of files just hashed (written atomically; a failure only costs a re-hash later). */
  void write(String kind, String key, Map<String, Stat> files, long recordedNanos) {
    ObjectNode n = CanonicalJson.JSON.createObjectNode();
    n.put("recorded_ns", recordedNanos);
    ObjectNode fs = n.putObject("files");
    files.forEach((name, s) -> fs.putObject(name).put("size", s.size()).put("mtime_ns", s.mtimeNanos())
        .put("file_key", s.fileKey()));
    Path f = file(kind, key);
    try {
      Files.createDirectories(f.getParent());
      Path tmp = f.resolveSibling(f.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId());
      Files.writeString(tmp, CanonicalJson.JSON.writeValueAsString(n), StandardCharsets.UTF_8);
      Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // the index is a cache of hashes: without it the next lookup hashes again
    }
  }

  /** Forgets an artifact's entry (it was replaced, quarantined or deleted). */
  void remove(String kind, String key) {
    try {
      Files.deleteIfExists(file(kind, key));
    } catch (IOException e) {
      // a stale entry never matches a new file's inode and time
    }
  }

  /** The clock the entries are compared with: the file system's own, read from a file just written. */
  long now() {
    try {
      Files.createDirectories(root);
      Path probe = Files.createTempFile(root, ".clock", "");
      try {
        return Files.getLastModifiedTime(probe).to(TimeUnit.NANOSECONDS);
      } finally {
        Files.deleteIfExists(probe);
      }
    } catch (IOException e) {
      return System.currentTimeMillis() * 1_000_000L;
    }
  }
}
