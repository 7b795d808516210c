package org.constcl.workflows.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where a store's bytes are: per stage kind, per run and per experiment (an artifact shared by two
 * runs counts in both; "built" counts it once, in the run that built it), what no run names, and
 * the store's other folders.
 */
public final class StoreUsage {
  /** Artifacts and their bytes. */
  public record Usage(int artifacts, long bytes) {
    Usage plus(long b) {
      return new Usage(artifacts + 1, bytes + b);
    }
  }

  /** One run's use: what its plan named that is present, and what it built. */
  public record RunUsage(String id, String experiment, String status, boolean live, Usage referenced, Usage built) {}

  /** The whole picture. */
  public record Report(Usage total, Map<String, Usage> byKind, List<RunUsage> byRun, Map<String, Usage> byExperiment,
      Usage unreferenced, Map<String, Long> otherFolders, List<String> problems) {}

  private StoreUsage() {}

  public static Report of(ArtifactStore store) {
    List<String> problems = new ArrayList<>();
    List<RunRecords.Run> runs = RunRecords.list(store, problems);
    List<StoredArtifacts.Entry> artifacts = StoredArtifacts.list(store);
    Map<String, StoredArtifacts.Entry> byKey = new HashMap<>();
    Usage total = new Usage(0, 0);
    Map<String, Usage> byKind = new TreeMap<>();
    for (StoredArtifacts.Entry a : artifacts) {
      byKey.put(a.key(), a);
      total = total.plus(a.bytes());
      byKind.merge(a.kind(), new Usage(1, a.bytes()), (x, y) -> new Usage(x.artifacts() + y.artifacts(), x.bytes() + y.bytes()));
    }
    List<RunUsage> byRun = new ArrayList<>();
    Map<String, Set<String>> experimentKeys = new LinkedHashMap<>();
    Set<String> referenced = new HashSet<>();
    for (RunRecords.Run r : runs) {
      Usage ref = new Usage(0, 0);
      if (r.keys() != null) {
        for (String k : r.keys()) {
          StoredArtifacts.Entry a = byKey.get(k);
          if (a != null) {
            ref = ref.plus(a.bytes());
            referenced.add(k);
            experimentKeys.computeIfAbsent(r.experiment(), e -> new HashSet<>()).add(k);
          }
        }
      }
      Usage built = new Usage(0, 0);
      for (StoredArtifacts.Entry a : artifacts) {
        if (r.id().equals(a.run())) {
          built = built.plus(a.bytes());
        }
      }
      byRun.add(new RunUsage(r.id(), r.experiment(), r.status(), r.live(), ref, built));
    }
    Map<String, Usage> byExperiment = new TreeMap<>();
    experimentKeys.forEach((e, keys) -> {
      Usage u = new Usage(0, 0);
      for (String k : keys) {
        u = u.plus(byKey.get(k).bytes());
      }
      byExperiment.put(e, u);
    });
    Usage unreferenced = new Usage(0, 0);
    for (StoredArtifacts.Entry a : artifacts) {
      if (!referenced.contains(a.key())) {
        unreferenced = unreferenced.plus(a.bytes());
      }
    }
    Map<String, Long> other = new LinkedHashMap<>();
    for (String folder : List.of("work", "quarantine", "trash", "runs", "index", "mirrors")) {
      long b = bytes(store.root().resolve(folder));
      if (b > 0) {
        other.put(folder, b);
      }
    }
    return new Report(total, byKind, byRun, byExperiment, unreferenced, other, problems);
  }

  private static long bytes(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0; // a folder changing while it is walked (a running build) is counted as far as it could be
    }
  }
}
