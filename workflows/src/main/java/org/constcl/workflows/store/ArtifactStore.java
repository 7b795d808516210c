package org.constcl.workflows.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.constcl.transforms.io.FileDigest;
import org.constcl.transforms.io.FileTrees;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.plan.StageInput;
import org.constcl.workflows.plan.StageInstance;

/**
 * The content-addressed artifact store on a local folder (its mechanism; whether an instance must
 * run is the {@link CacheChecker}'s policy):
 * {@code artifacts/<kind>/<key>/} (committed, with {@code _ARTIFACT.json} written last and the
 * folder renamed into place atomically), {@code work/<kind>/<key>/} (instances being built,
 * guarded by a file lock), {@code runs/} (manifests and logs), {@code digests.json} (remembered
 * digests of external files) and {@code timings.jsonl} (for estimates).
 */
public final class ArtifactStore {
  public static final String RECORD = "_ARTIFACT.json";

  private final Path root;
  private final RemoteMirror remote;
  private final Map<String, Artifact> verified = new ConcurrentHashMap<>();

  public ArtifactStore(Path root) {
    this(root, null);
  }

  /**
   * A store whose artifacts also live at {@code remote} (any Beam file system): {@code root} is
   * then the local mirror stages work in; misses are looked up remotely, commits uploaded.
   */
  public ArtifactStore(Path root, RemoteMirror remote) {
    this.remote = remote;
    this.root = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.root);
    } catch (IOException e) {
      throw new StoreException("cannot create the store " + this.root + ": " + e.getMessage(), e);
    }
  }

  /** The default store: $CONSTCL_STORE, else ~/.cache/constcl/store (shared by every experiment, so cells hit across files). */
  public static Path defaultRoot() {
    String env = System.getenv("CONSTCL_STORE");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String cache = System.getenv("XDG_CACHE_HOME");
    Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("constcl").resolve("store");
  }

  public Path root() {
    return root;
  }

  /** Where artifacts are kept: the local folder, or the remote root it mirrors. */
  public String location() {
    return remote == null ? root.toString() : remote.root() + " (local mirror " + root + ")";
  }

  /**
   * A store for {@code --store}: a local folder, or a URI with a scheme ({@code gs://},
   * {@code hdfs://}, {@code file://}) mirrored in {@code mirror} (null: under {@code mirrors/} beside
   * the default local root).
   */
  public static ArtifactStore open(String spec, Path mirror) {
    if (spec.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      Path local = mirror != null ? mirror
          : defaultRoot().resolveSibling("mirrors").resolve(CanonicalJson.sha256(spec).substring(0, 16));
      return new ArtifactStore(local, new RemoteMirror(spec));
    }
    return new ArtifactStore(Path.of(spec));
  }

  /** Where the instance's artifact lives once committed. */
  public Path artifactDir(StageInstance i) {
    return StorePaths.inside(root, "artifacts/" + i.kind() + "/" + i.key());
  }

  /** Where the instance is built. */
  public Path workDir(StageInstance i) {
    return StorePaths.inside(root, "work/" + i.kind() + "/" + i.key());
  }

  /** A folder for one run's manifest and logs; {@code name} must be a plain file name. */
  public Path runDir(String name) {
    if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
      throw new StoreException("refused run name '" + name + "': not a plain folder name");
    }
    return StorePaths.inside(root, "runs/" + name);
  }

  public Path digestCache() {
    return root.resolve("digests.json");
  }

  public Path timings() {
    return root.resolve("timings.jsonl");
  }

  /**
   * Takes the build lock of an instance (held until closed; the OS drops it if this process dies),
   * or returns null when another process is building it.
   */
  public BuildLock tryLock(StageInstance i) {
    Path lockFile = StorePaths.inside(root, "work/" + i.kind() + "/" + i.key() + ".lock");
    try {
      Files.createDirectories(lockFile.getParent());
      FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        ch.close();
        return null;
      }
      return new BuildLock(ch, lock);
    } catch (IOException e) {
      throw new StoreException("cannot lock " + lockFile + ": " + e.getMessage(), e);
    }
  }

  /** A held build lock. */
  public record BuildLock(FileChannel channel, FileLock lock) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      lock.release();
      channel.close();
    }
  }

  /** What the store holds for an instance's key. */
  public sealed interface Found {
    /** No artifact under the key (not even remotely). */
    record Absent() implements Found {}

    /** An artifact whose files do not match its record. */
    record Corrupt(String problem) implements Found {}

    /** A verified artifact; {@code fetchedFrom} names the remote it was just downloaded from, or is null. */
    record Present(Artifact artifact, String fetchedFrom) implements Found {}
  }

  /**
   * The instance's artifact, verified: record present and parseable, key equal, every file's size
   * and SHA-256 as recorded, no file outside the folder or missing. A remote store's artifact is
   * downloaded first. A verification is remembered until {@link #forget}.
   */
  public Found find(StageInstance i) {
    Path dir = artifactDir(i);
    String fetched = null;
    if (!Files.isDirectory(dir) && remote != null && fetch(i, dir)) {
      fetched = remote.root();
    }
    if (!Files.isDirectory(dir)) {
      return new Found.Absent();
    }
    Artifact a = verified.get(i.key());
    if (a == null) {
      String problem = verify(i, dir);
      if (problem != null) {
        return new Found.Corrupt(problem);
      }
      a = new Artifact(dir, readRecord(dir));
      verified.put(i.key(), a);
    }
    return new Found.Present(a, fetched);
  }

  /** The records of every readable artifact of {@code kind} (for explaining a miss by the nearest one). */
  public List<JsonNode> records(String kind) {
    Path kindDir = StorePaths.inside(root, "artifacts/" + kind);
    List<JsonNode> out = new ArrayList<>();
    if (Files.isDirectory(kindDir)) {
      try (Stream<Path> s = Files.list(kindDir)) {
        for (Path d : s.sorted().toList()) {
          try {
            out.add(readRecord(d));
          } catch (StoreException e) {
            // unreadable ones cannot explain anything
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** Downloads a remote artifact into place (atomically); false when the remote has none or it cannot be read. */
  private boolean fetch(StageInstance i, Path dir) {
    Path tmp = StorePaths.inside(root, "work/fetch-" + i.key() + "-" + System.nanoTime());
    try {
      if (!remote.fetch(i.kind(), i.key(), tmp)) {
        return false;
      }
      Files.createDirectories(dir.getParent());
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (IOException | RuntimeException e) {
      return false; // an unreadable remote copy is rebuilt like a missing one
    } finally {
      try {
        FileTrees.delete(tmp);
      } catch (IOException e) {
        // a leftover temporary folder is harmless
      }
    }
  }

  /** Uploads a run folder to the remote root, if there is one. */
  public void publishRun(Path runDir) {
    if (remote != null) {
      try {
        remote.pushRun(runDir);
      } catch (IOException e) {
        throw new StoreException("cannot upload " + runDir + " to " + remote.root() + ": " + e.getMessage(), e);
      }
    }
  }

  /** Forgets verifications (after another process may have changed the store). */
  public void forget(StageInstance i) {
    verified.remove(i.key());
  }

  private String verify(StageInstance i, Path dir) {
    JsonNode rec;
    try {
      rec = readRecord(dir);
    } catch (StoreException e) {
      return e.getMessage();
    }
    if (!i.key().equals(rec.path("key").asText())) {
      return "its record names key " + rec.path("key").asText();
    }
    JsonNode files = rec.path("files");
    if (!files.isObject()) {
      return "its record lists no files";
    }
    try {
      List<String> present = listFiles(dir);
      for (String name : present) {
        if (!name.equals(RECORD) && !files.has(name)) {
          return "unexpected file " + name;
        }
      }
      for (var it = files.fields(); it.hasNext(); ) {
        var e = it.next();
        Path f;
        try {
          f = StorePaths.inside(dir, e.getKey());
        } catch (StoreException x) {
          return x.getMessage();
        }
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          return "file " + e.getKey() + " is missing";
        }
        if (Files.size(f) != e.getValue().path("size").asLong()) {
          return "file " + e.getKey() + " has " + Files.size(f) + " bytes, recorded " + e.getValue().path("size").asLong();
        }
        if (!FileDigest.sha256Hex(f).equals(e.getValue().path("sha256").asText())) {
          return "file " + e.getKey() + " does not match its recorded SHA-256";
        }
      }
    } catch (IOException | StoreException e) {
      return "unreadable: " + e.getMessage();
    }
    if (!digestOf(files).equals(rec.path("digest").asText())) {
      return "its digest does not match its file list";
    }
    return null;
  }

  private static JsonNode readRecord(Path dir) {
    Path r = dir.resolve(RECORD);
    if (!Files.isRegularFile(r)) {
      throw new StoreException("no " + RECORD + " (an interrupted commit?)");
    }
    try {
      return CanonicalJson.JSON.readTree(r.toFile());
    } catch (IOException e) {
      throw new StoreException(RECORD + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** Regular files under {@code dir}, relative with '/'; a symbolic link is an error (it could point anywhere). */
  private static List<String> listFiles(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted().toList()) {
        if (Files.isSymbolicLink(p)) {
          throw new StoreException("symbolic link " + dir.relativize(p) + " (refused: artifacts hold plain files)");
        }
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          out.add(dir.relativize(p).toString().replace('\\', '/'));
        }
      }
    }
    return out;
  }

  private static String digestOf(JsonNode files) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<String, JsonNode>(toMap(files)).forEach((k, v) -> sb.append(k).append(' ').append(v.path("size").asLong())
        .append(' ').append(v.path("sha256").asText()).append('\n'));
    return CanonicalJson.sha256(sb.toString());
  }

  private static Map<String, JsonNode> toMap(JsonNode o) {
    Map<String, JsonNode> m = new TreeMap<>();
    o.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }

  /**
   * Commits a built instance: digests every file of {@code work}, writes {@code _ARTIFACT.json}
   * last, and renames the folder into {@code artifacts/} atomically (replacing a corrupt one).
   */
  public Artifact commit(StageInstance i, Path work, Map<String, Artifact> inputs, double seconds, String run) {
    try {
      ObjectNode files = CanonicalJson.JSON.createObjectNode();
      for (String name : listFiles(work)) {
        if (name.equals(RECORD)) {
          continue;
        }
        Path f = work.resolve(name);
        files.putObject(name).put("size", Files.size(f)).put("sha256", FileDigest.sha256Hex(f));
      }
      ObjectNode rec = CanonicalJson.JSON.createObjectNode();
      rec.put("format", 1);
      rec.put("key", i.key());
      rec.put("kind", i.kind());
      rec.put("label", i.label());
      rec.put("digest", digestOf(files));
      rec.put("run", run);
      rec.put("created", Instant.now().toString());
      rec.put("seconds", Math.round(seconds * 10) / 10.0);
      rec.set("material", i.keyMaterial());
      ObjectNode in = rec.putObject("inputs");
      i.inputs().forEach((name, input) -> {
        ObjectNode o = in.putObject(name);
        if (input instanceof StageInput.Upstream u) {
          o.put("key", u.instance().key()).put("digest", inputs.get(name).digest());
        } else if (input instanceof StageInput.External x) {
          o.put("path", x.path().toString()).put("digest", x.digest());
        }
      });
      rec.set("files", files);
      Path tmp = work.resolve(RECORD + ".tmp");
      Files.writeString(tmp, CanonicalJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rec), StandardCharsets.UTF_8);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, work.resolve(RECORD), StandardCopyOption.ATOMIC_MOVE);
      Path target = artifactDir(i);
      Files.createDirectories(target.getParent());
      if (Files.exists(target)) {
        Path trash = StorePaths.inside(root, "trash/" + i.key() + "-" + System.nanoTime());
        Files.createDirectories(trash.getParent());
        Files.move(target, trash, StandardCopyOption.ATOMIC_MOVE);
        FileTrees.delete(trash);
      }
      Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
      if (remote != null) {
        remote.push(i.kind(), i.key(), target);
      }
      verified.remove(i.key());
      Artifact a = new Artifact(target, rec);
      verified.put(i.key(), a);
      return a;
    } catch (IOException e) {
      throw new StoreException("cannot commit " + i.label() + " to " + artifactDir(i) + ": " + e.getMessage(), e);
    }
  }
}
