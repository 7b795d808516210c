package org.constcl.workflows.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.constcl.workflows.plan.CanonicalJson;

/**
 * A store on any file system Beam knows ({@code gs://}, {@code hdfs://} with Beam's Hadoop file
 * system on the class path, {@code file://}), mirrored by the local store that stages read and
 * write. Committed artifacts are uploaded file by file with {@code _ARTIFACT.json} last, so a
 * remote artifact without its record was never committed; a fetched artifact is verified like a
 * local one before it is used.
 */
public final class RemoteMirror {
  private static volatile boolean registered;

  private final String root;
  private final String beamRoot;

  public RemoteMirror(String rootUri) {
    this.root = rootUri.endsWith("/") ? rootUri.substring(0, rootUri.length() - 1) : rootUri;
    // Beam's local file system takes plain paths: a file: URI would become a relative folder named "file:".
    this.beamRoot = root.startsWith("file:") ? Path.of(java.net.URI.create(root)).toString() : root;
    if (!registered) {
      synchronized (RemoteMirror.class) {
        FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
        registered = true;
      }
    }
  }

  public String root() {
    return root;
  }

  private String artifact(String kind, String key) {
    return beamRoot + "/artifacts/" + kind + "/" + key;
  }

  private static boolean exists(String spec) throws IOException {
    MatchResult m = FileSystems.match(List.of(spec)).get(0);
    return m.status() == MatchResult.Status.OK && !m.metadata().isEmpty();
  }

  /**
   * Downloads a committed remote artifact into {@code into} (which must not exist); false when the
   * remote has none. Only the files its record lists are fetched, each to a path inside {@code into}.
   */
  public boolean fetch(String kind, String key, Path into) throws IOException {
    String base = artifact(kind, key);
    String record = base + "/" + ArtifactStore.RECORD;
    if (!exists(record)) {
      return false;
    }
    Files.createDirectories(into);
    Path recordFile = into.resolve(ArtifactStore.RECORD);
    download(record, recordFile);
    JsonNode rec = CanonicalJson.JSON.readTree(recordFile.toFile());
    for (var it = rec.path("files").fieldNames(); it.hasNext(); ) {
      String name = it.next();
      Path target = StorePaths.inside(into, name); // a listed path that would leave the folder is refused
      Files.createDirectories(target.getParent());
      download(base + "/" + name, target);
    }
    return true;
  }

  /** Uploads a committed local artifact: every file, then its record. */
  public void push(String kind, String key, Path dir) throws IOException {
    String base = artifact(kind, key);
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
        String name = dir.relativize(f).toString().replace('\\', '/');
        if (!name.equals(ArtifactStore.RECORD)) {
          upload(f, base + "/" + name);
        }
      }
    }
    upload(dir.resolve(ArtifactStore.RECORD), base + "/" + ArtifactStore.RECORD);
  }

  /** Uploads a run's manifest and logs. */
  public void pushRun(Path runDir) throws IOException {
    try (Stream<Path> s = Files.walk(runDir)) {
      for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
        upload(f, beamRoot + "/runs/" + runDir.getFileName() + "/" + runDir.relativize(f).toString().replace('\\', '/'));
      }
    }
  }

  /** Whether the remote holds a run of that name (uploaded as it ended). */
  public boolean hasRun(String name) throws IOException {
    return exists(beamRoot + "/runs/" + name + "/*");
  }

  /** Whether the remote holds a committed artifact (its record) under the key. */
  public boolean hasArtifact(String kind, String key) throws IOException {
    return exists(artifact(kind, key) + "/" + ArtifactStore.RECORD);
  }

  /** The file names directly inside {@code relDir} that end in {@code suffix}; empty when there are none. */
  List<String> list(String relDir, String suffix) throws IOException {
    MatchResult m = FileSystems.match(List.of(beamRoot + "/" + relDir + "/*" + suffix), EmptyMatchTreatment.ALLOW).get(0);
    if (m.status() != MatchResult.Status.OK) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (MatchResult.Metadata md : m.metadata()) {
      names.add(md.resourceId().getFilename());
    }
    Collections.sort(names);
    return names;
  }

  /** A small text file's content, or null when it does not exist. */
  String read(String rel) throws IOException {
    MatchResult m = FileSystems.match(List.of(beamRoot + "/" + rel), EmptyMatchTreatment.ALLOW).get(0);
    if (m.status() != MatchResult.Status.OK || m.metadata().isEmpty()) {
      return null;
    }
    try (InputStream in = Channels.newInputStream(FileSystems.open(m.metadata().get(0).resourceId()))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
      return null; // deleted between the match and the read
    }
  }

  /** Writes (or replaces) a small text file. */
  void write(String rel, String text) throws IOException {
    ResourceId id = FileSystems.matchNewResource(beamRoot + "/" + rel, false);
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(id, "text/plain"))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Deletes a file; one that is already gone is no error. */
  void delete(String rel) throws IOException {
    ResourceId id = FileSystems.matchNewResource(beamRoot + "/" + rel, false);
    FileSystems.delete(List.of(id), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  private static void download(String spec, Path target) throws IOException {
    ResourceId id = FileSystems.matchSingleFileSpec(spec).resourceId();
    try (InputStream in = Channels.newInputStream(FileSystems.open(id))) {
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void upload(Path file, String spec) throws IOException {
    ResourceId id = FileSystems.matchNewResource(spec, false);
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(id, "application/octet-stream"))) {
      Files.copy(file, out);
    }
  }
}
