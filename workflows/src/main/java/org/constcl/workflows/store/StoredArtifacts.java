package org.constcl.workflows.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.constcl.workflows.plan.CanonicalJson;

/** The committed artifacts of a store, read from their records (no file is hashed). */
final class StoredArtifacts {
  /**
   * One artifact folder.
   *
   * @param bytes the sizes of its files as they are on disk now
   * @param inputs keys of the upstream artifacts it was built from
   */
  record Entry(String kind, String key, Path dir, String label, String run, Instant created, long bytes, List<String> inputs) {}

  private StoredArtifacts() {}

  static List<Entry> list(ArtifactStore store) {
    List<Entry> out = new ArrayList<>();
    Path artifacts = store.root().resolve("artifacts");
    if (!Files.isDirectory(artifacts)) {
      return out;
    }
    try (Stream<Path> kinds = Files.list(artifacts)) {
      for (Path kindDir : kinds.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> keys = Files.list(kindDir)) {
          for (Path dir : keys.filter(Files::isDirectory).sorted().toList()) {
            out.add(entry(kindDir.getFileName().toString(), dir));
          }
        }
      }
    } catch (IOException e) {
      throw new StoreException("cannot list " + artifacts + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static Entry entry(String kind, Path dir) throws IOException {
    String key = dir.getFileName().toString();
    String label = kind + " " + key.substring(0, Math.min(12, key.length()));
    String run = null;
    Instant created = Files.getLastModifiedTime(dir).toInstant();
    List<String> inputs = new ArrayList<>();
    try {
      JsonNode rec = CanonicalJson.JSON.readTree(dir.resolve(ArtifactStore.RECORD).toFile());
      label = rec.path("label").asText(label);
      run = rec.path("run").asText(null);
      if (rec.hasNonNull("created")) {
        created = Instant.parse(rec.get("created").asText());
      }
      rec.path("inputs").forEach(in -> {
        if (in.hasNonNull("key")) {
          inputs.add(in.get("key").asText());
        }
      });
    } catch (IOException | RuntimeException e) {
      // an artifact without a readable record is still counted (and collectable)
    }
    long bytes;
    try (Stream<Path> files = Files.walk(dir)) {
      bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
    return new Entry(kind, key, dir, label, run, created, bytes, inputs);
  }
}
