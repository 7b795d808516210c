package org.constcl.workflows.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
 * digests of external files), {@code timings.jsonl} (for estimates), {@code index/} (the
 * metadata of every file as last hashed, {@link StatIndex}) and {@code quarantine/} (artifacts
 * {@link #scrub} found corrupt).
 */
public final class ArtifactStore {
  public static final String RECORD = "_ARTIFACT.json";

  /** This engine's tag in run names on a remote store (engines there cannot see each other's run folders). */
  private static final String RUN_TAG = String.format("%04x", new java.security.SecureRandom().nextInt(1 << 16));

  /**
   * How a lookup verifies an artifact's files: {@code METADATA} hashes only files whose size,
   * modification time or inode changed since they were last hashed (constant in the bytes stored);
   * {@code FULL} re-hashes every byte.
   */
  public enum Verification { METADATA, FULL }

  private final Path root;
  private final RemoteMirror remote;
  private final RemoteLeases leases;
  private final Map<String, RemoteLeases.Lease> heldLeases = new ConcurrentHashMap<>();
  private final StatIndex index;
  private final Map<String, Artifact> verified = new ConcurrentHashMap<>();
  private final AtomicLong hashedBytes = new AtomicLong();
  private volatile Verification verification = Verification.METADATA;

  public ArtifactStore(Path root) {
    this(root, null);
  }

  /**
   * A store whose artifacts also live at {@code remote} (any Beam file system): {@code root} is
   * then the local mirror stages work in; misses are looked up remotely, commits uploaded.
   */
  public ArtifactStore(Path root, RemoteMirror remote) {
    this.remote = remote;
    this.leases = remote == null ? null : new RemoteLeases(remote, RemoteLeases.DEFAULT_TTL);
    this.root = root.toAbsolutePath().normalize();
    this.index = new StatIndex(this.root);
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

  /** Sets how lookups verify files (default {@link Verification#METADATA}); returns this store. */
  public ArtifactStore verification(Verification v) {
    this.verification = v;
    verified.clear();
    return this;
  }

  public Verification verification() {
    return verification;
  }

  /** Bytes hashed by lookups and scrubs of this store object so far (what metadata verification saves). */
  public long hashedBytes() {
    return hashedBytes.get();
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

  /**
   * Reserves a run folder for {@code base} and returns its name: {@code base}, or {@code base-2},
   * {@code base-3}… when taken. The folder is created atomically, so two engines starting in the
   * same second on one store never share a run (and its manifest). On a remote store the name also
   * carries a random tag of this engine: engines with mirrors of their own cannot see each other's
   * run folders, which are uploaded only as a run ends.
   */
  public String reserveRun(String base) {
    String tagged = remote == null ? base : base + "-" + RUN_TAG;
    for (int n = 1; ; n++) {
      String name = n == 1 ? tagged : tagged + "-" + n;
      Path dir = runDir(name);
      try {
        if (remote != null && remote.hasRun(name)) {
          continue;
        }
        Files.createDirectories(dir.getParent());
        Files.createDirectory(dir);
        return name;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // taken by an earlier run or by an engine that started at the same time: try the next name
      } catch (IOException e) {
        throw new StoreException("cannot create the run folder " + dir + ": " + e.getMessage(), e);
      }
    }
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
    return tryLock(i.kind(), i.key());
  }

  private BuildLock tryLock(String kind, String key) {
    Path lockFile = StorePaths.inside(root, "work/" + kind + "/" + key + ".lock");
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

  /**
   * On a remote store, takes the instance's build lease there (waiting while another engine holds
   * it; {@code waiting} hears who) and keeps it until the claim is closed; {@link #commit} uploads
   * only under it. On a local store the claim holds nothing: the file lock suffices.
   */
  public RemoteClaim claimRemote(StageInstance i, java.util.function.Consumer<String> waiting)
      throws InterruptedException {
    if (leases == null) {
      return () -> {};
    }
    String id = i.kind() + "/" + i.key();
    heldLeases.put(id, leases.acquire(i.kind(), i.key(), i.label() + " (" + i.kind() + " " + i.shortKey() + ")", waiting));
    return () -> {
      RemoteLeases.Lease l = heldLeases.remove(id);
      if (l != null) {
        l.close();
      }
    };
  }

  /** A held remote build lease (see {@link #claimRemote}). */
  public interface RemoteClaim extends AutoCloseable {
    @Override
    void close();
  }

  /** A held build lock. */
  public record BuildLock(FileChannel channel, FileLock lock) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      lock.release();
      channel.close();
    }
  }

  /** Per store root, one engine or gc of this JVM at a time takes {@code gc.lock} (the OS lock is per process). */
  private static final Map<Path, java.util.concurrent.locks.ReentrantLock> GC_LOCKS = new ConcurrentHashMap<>();

  /**
   * The store-wide lock that orders garbage collection against runs starting: {@link StoreGc} holds it
   * while it decides and deletes; an engine holds it only while it registers its run ({@link
   * #holdRun} and the manifest listing every key it will use), so a run either registered before a
   * collection (and its artifacts are kept) or starts after it (and rebuilds what was removed).
   */
  public GcLock gcLock() {
    java.util.concurrent.locks.ReentrantLock inJvm = GC_LOCKS.computeIfAbsent(root, r -> new java.util.concurrent.locks.ReentrantLock());
    inJvm.lock();
    try {
      FileChannel ch = FileChannel.open(root.resolve("gc.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        return new GcLock(inJvm, ch, ch.lock());
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    } catch (IOException e) {
      inJvm.unlock();
      throw new StoreException("cannot lock " + root.resolve("gc.lock") + ": " + e.getMessage(), e);
    }
  }

  /** A held {@link #gcLock}. */
  public record GcLock(java.util.concurrent.locks.ReentrantLock inJvm, FileChannel channel, FileLock lock)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        lock.release();
        channel.close();
      } finally {
        inJvm.unlock();
      }
    }
  }

  /**
   * Marks run {@code runId} live until closed (an OS lock on {@code runs/<id>/live.lock}, dropped if
   * the process dies): garbage collection keeps every artifact a live run's manifest names.
   */
  public BuildLock holdRun(String runId) {
    Path file = runDir(runId).resolve("live.lock");
    try {
      Files.createDirectories(file.getParent());
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = ch.tryLock();
      if (lock == null) {
        ch.close();
        throw new StoreException("run " + runId + " is already live in another process");
      }
      return new BuildLock(ch, lock);
    } catch (IOException e) {
      throw new StoreException("cannot mark run " + runId + " live: " + e.getMessage(), e);
    }
  }

  /** Whether a process (this one included) holds run {@code runId} live. */
  public boolean isLive(String runId) {
    Path file = runDir(runId).resolve("live.lock");
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock lock = ch.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether an engine is building {@code kind/key} now (its build lock is held). */
  BuildLock tryBuildLock(String kind, String key) {
    return tryLock(kind, key);
  }

  /** Removes an artifact folder (moved aside atomically first, so no reader sees half of it) and its index entry. */
  void remove(String kind, String key, Path dir) throws IOException {
    Path trash = StorePaths.inside(root, "trash/" + key + "-" + System.nanoTime());
    Files.createDirectories(trash.getParent());
    Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
    index.remove(kind, key);
    verified.remove(key);
    FileTrees.delete(trash);
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
   * and SHA-256 as recorded (hashed again only where its metadata changed, unless
   * {@link Verification#FULL}), no file outside the folder or missing. A remote store's artifact
   * is downloaded first. A verification is remembered until {@link #forget}.
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
      JsonNode rec;
      try {
        rec = readRecord(dir);
      } catch (StoreException e) {
        return new Found.Corrupt(e.getMessage());
      }
      String problem = verify(i.kind(), i.key(), dir, rec, verification);
      if (problem != null) {
        return new Found.Corrupt(problem);
      }
      a = new Artifact(dir, rec);
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

  private String verify(String kind, String key, Path dir, Verification mode) {
    try {
      return verify(kind, key, dir, readRecord(dir), mode);
    } catch (StoreException e) {
      return e.getMessage();
    }
  }

  private String verify(String kind, String key, Path dir, JsonNode rec, Verification mode) {
    if (!key.equals(rec.path("key").asText())) {
      return "its record names key " + rec.path("key").asText();
    }
    JsonNode files = rec.path("files");
    if (!files.isObject()) {
      return "its record lists no files";
    }
    StatIndex.Entry known = mode == Verification.METADATA ? index.read(kind, key) : null;
    Map<String, StatIndex.Stat> seen = new TreeMap<>();
    boolean hashed = false;
    try {
      // One stat per file, taken by the walk itself: a cached lookup costs a directory read and a stat per file.
      Map<String, BasicFileAttributes> present = listAttributes(dir);
      for (String name : present.keySet()) {
        if (!name.equals(RECORD) && !files.has(name)) {
          return "unexpected file " + name;
        }
      }
      for (var it = files.fields(); it.hasNext(); ) {
        var e = it.next();
        BasicFileAttributes attrs = present.get(e.getKey());
        Path f;
        try {
          // a name the walk found is inside the folder; any other is checked, so an escaping name is named as such
          f = attrs != null ? dir.resolve(e.getKey()) : StorePaths.inside(dir, e.getKey());
        } catch (StoreException x) {
          return x.getMessage();
        }
        if (attrs == null) {
          return "file " + e.getKey() + " is missing";
        }
        StatIndex.Stat stat = StatIndex.Stat.of(attrs);
        if (stat.size() != e.getValue().path("size").asLong()) {
          return "file " + e.getKey() + " has " + stat.size() + " bytes, recorded " + e.getValue().path("size").asLong();
        }
        if (known == null || !known.trusts(e.getKey(), stat)) {
          hashed = true;
          hashedBytes.addAndGet(stat.size());
          if (!FileDigest.sha256Hex(f).equals(e.getValue().path("sha256").asText())) {
            index.remove(kind, key);
            return "file " + e.getKey() + " does not match its recorded SHA-256";
          }
        }
        seen.put(e.getKey(), stat);
      }
    } catch (IOException | StoreException e) {
      return "unreadable: " + e.getMessage();
    }
    if (!digestOf(files).equals(rec.path("digest").asText())) {
      return "its digest does not match its file list";
    }
    if (hashed) {
      index.write(kind, key, seen, index.now());
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

  /** Regular files under {@code dir} (relative with '/') and their attributes; a symbolic link is an error. */
  private static Map<String, BasicFileAttributes> listAttributes(Path dir) throws IOException {
    Map<String, BasicFileAttributes> out = new TreeMap<>();
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path p, BasicFileAttributes a) {
        if (a.isSymbolicLink()) {
          throw new StoreException("symbolic link " + dir.relativize(p) + " (refused: artifacts hold plain files)");
        }
        if (a.isRegularFile()) {
          out.put(dir.relativize(p).toString().replace('\\', '/'), a);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return out;
  }

  /** SHA-256 of every file an artifact built in {@code work} would record, by relative path (sorted). */
  public static java.util.SortedMap<String, String> fileDigests(Path work) throws IOException {
    java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
    for (String name : listFiles(work)) {
      if (!name.equals(RECORD)) {
        out.put(name, FileDigest.sha256Hex(work.resolve(name)));
      }
    }
    return out;
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
        index.remove(i.kind(), i.key());
      }
      Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
      recordStats(i.kind(), i.key(), target, files);
      if (remote != null) {
        pushUnderLease(i, target);
      }
      verified.remove(i.key());
      Artifact a = new Artifact(target, rec);
      verified.put(i.key(), a);
      return a;
    } catch (IOException e) {
      throw new StoreException("cannot commit " + i.label() + " to " + artifactDir(i) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Uploads a commit. Under a claim, the lease must still be this engine's: one that stalled for a
   * whole time to live may have had it broken, so it takes the lease again first, and leaves an
   * upload another engine committed meanwhile as it is (equal key; its files are not mixed with these).
   */
  private void pushUnderLease(StageInstance i, Path target) throws IOException {
    String id = i.kind() + "/" + i.key();
    RemoteLeases.Lease lease = heldLeases.get(id);
    if (lease != null && !lease.held()) {
      lease.close();
      try {
        lease = leases.acquire(i.kind(), i.key(), i.label(), m -> {});
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while taking the build lease again", e);
      }
      heldLeases.put(id, lease);
      if (remote.hasArtifact(i.kind(), i.key())) {
        return;
      }
    }
    remote.push(i.kind(), i.key(), target);
  }

  /** The files just hashed by a commit, so that the next lookup need not hash them again. */
  private void recordStats(String kind, String key, Path dir, JsonNode files) throws IOException {
    Map<String, StatIndex.Stat> stats = new TreeMap<>();
    for (var it = files.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      stats.put(name, StatIndex.Stat.of(dir.resolve(name)));
    }
    index.write(kind, key, stats, index.now());
  }

  /** One artifact a scrub found corrupt, and where it was moved (null: left in place). */
  public record Corruption(String kind, String key, String label, String problem, Path quarantinedTo) {}

  /** What a scrub checked and found. */
  public record ScrubReport(int artifacts, int checked, long bytes, List<Corruption> corrupt) {}

  /**
   * Re-hashes every file of {@code sample} artifacts (all when {@code sample <= 0}; a seeded
   * random choice otherwise) and, with {@code quarantine}, moves the corrupt ones to
   * {@code quarantine/<kind>/<key>-<time>} — unless an engine holds the instance's build lock. A
   * corrupt artifact is rebuilt by the next run that needs it either way.
   */
  public ScrubReport scrub(int sample, long seed, boolean quarantine) {
    List<Path> all = new ArrayList<>();
    Path artifacts = root.resolve("artifacts");
    if (Files.isDirectory(artifacts)) {
      try (Stream<Path> kinds = Files.list(artifacts)) {
        for (Path kind : kinds.filter(Files::isDirectory).sorted().toList()) {
          try (Stream<Path> keys = Files.list(kind)) {
            keys.filter(Files::isDirectory).sorted().forEach(all::add);
          }
        }
      } catch (IOException e) {
        throw new StoreException("cannot list " + artifacts + ": " + e.getMessage(), e);
      }
    }
    List<Path> chosen = new ArrayList<>(all);
    if (sample > 0 && sample < all.size()) {
      java.util.Collections.shuffle(chosen, new java.util.Random(seed));
      chosen = new ArrayList<>(chosen.subList(0, sample));
      chosen.sort(null);
    }
    long before = hashedBytes.get();
    List<Corruption> corrupt = new ArrayList<>();
    for (Path dir : chosen) {
      String kind = dir.getParent().getFileName().toString();
      String key = dir.getFileName().toString();
      String problem = verify(kind, key, dir, Verification.FULL);
      if (problem == null) {
        continue;
      }
      String label = kind + " " + key;
      try {
        label = readRecord(dir).path("label").asText(label);
      } catch (StoreException e) {
        // the record itself may be what is corrupt
      }
      Path moved = null;
      if (quarantine) {
        try (BuildLock lock = tryLock(kind, key)) {
          if (lock == null) {
            problem += " (not quarantined: a running engine holds it)";
          } else {
            moved = StorePaths.inside(root, "quarantine/" + kind + "/" + key + "-" + System.currentTimeMillis());
            Files.createDirectories(moved.getParent());
            Files.move(dir, moved, StandardCopyOption.ATOMIC_MOVE);
            index.remove(kind, key);
            verified.remove(key);
          }
        } catch (IOException e) {
          throw new StoreException("cannot quarantine " + dir + ": " + e.getMessage(), e);
        }
      }
      corrupt.add(new Corruption(kind, key, label, problem, moved));
    }
    return new ScrubReport(all.size(), chosen.size(), hashedBytes.get() - before, corrupt);
  }
}
