package org.constcl.workflows.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.constcl.transforms.io.FileTrees;

/**
 * Garbage collection of a store: removes every artifact no kept run references, under explicit
 * policies. Always kept: what a live run's manifest names (runs register under the store's gc lock,
 * which a collection holds throughout) and what an engine is building (its build lock is taken
 * before removal); and, transitively, the inputs of every kept artifact.
 */
public final class StoreGc {
  /**
   * What to keep.
   *
   * @param keepLast the artifacts of the {@code keepLast} most recent runs (null: this policy unused)
   * @param keepRuns run ids, or experiment names (their most recent run)
   * @param keepNewerThan artifacts created or used by a run within this age (null: unused)
   * @param purgeQuarantine also delete what scrub quarantined
   */
  public record Policy(Integer keepLast, List<String> keepRuns, Duration keepNewerThan, boolean purgeQuarantine) {
    public Policy {
      keepRuns = List.copyOf(keepRuns);
      if (keepLast == null && keepRuns.isEmpty() && keepNewerThan == null) {
        throw new IllegalArgumentException("say what to keep: --keep-last <n>, --keep-run <run or experiment>"
            + " or --keep-newer-than <age> (--keep-last 0 keeps only what running engines hold)");
      }
      if (keepLast != null && keepLast < 0) {
        throw new IllegalArgumentException("--keep-last must be 0 or more, got " + keepLast);
      }
    }
  }

  /** One artifact removed (or that would be, in a dry run). */
  public record Removal(String kind, String key, String label, long bytes) {}

  /**
   * The outcome.
   *
   * @param kept artifacts kept, with their bytes
   * @param held artifacts not removed because an engine is building or replacing them
   * @param liveRuns runs running now (everything they name was kept)
   * @param problems manifests that could not be read (their runs keep nothing unless live)
   */
  public record Report(boolean dryRun, List<Removal> removed, long freedBytes, int kept, long keptBytes, List<String> held,
      List<String> liveRuns, long otherFreedBytes, List<String> problems) {}

  private StoreGc() {}

  public static Report collect(ArtifactStore store, Policy policy, boolean dryRun, Instant now) {
    try (ArtifactStore.GcLock lock = store.gcLock()) {
      return collectLocked(store, policy, dryRun, now);
    } catch (IOException e) {
      throw new StoreException("garbage collection of " + store.root() + " failed: " + e.getMessage(), e);
    }
  }

  private static Report collectLocked(ArtifactStore store, Policy policy, boolean dryRun, Instant now) throws IOException {
    List<String> problems = new ArrayList<>();
    List<RunRecords.Run> runs = RunRecords.list(store, problems);
    List<StoredArtifacts.Entry> artifacts = StoredArtifacts.list(store);
    Set<String> keep = new HashSet<>();
    List<String> live = new ArrayList<>();
    boolean keepAll = false;
    for (RunRecords.Run r : runs) {
      if (r.live()) {
        live.add(r.id());
        if (r.keys() == null) {
          keepAll = true;
        } else {
          keep.addAll(r.keys());
        }
      }
    }
    if (policy.keepLast() != null) {
      runs.stream().limit(policy.keepLast()).forEach(r -> {
        if (r.keys() != null) {
          keep.addAll(r.keys());
        }
      });
    }
    for (String name : policy.keepRuns()) {
      RunRecords.Run r = runs.stream().filter(x -> x.id().equals(name)).findFirst()
          .or(() -> runs.stream().filter(x -> x.experiment().equals(name)).findFirst()).orElse(null);
      if (r == null) {
        throw new IllegalArgumentException("--keep-run " + name + ": no run with that id and no run of an experiment"
            + " with that name in " + store.root().resolve("runs"));
      }
      if (r.keys() != null) {
        keep.addAll(r.keys());
      }
    }
    if (policy.keepNewerThan() != null) {
      Instant cutoff = now.minus(policy.keepNewerThan());
      Map<String, Instant> lastUse = new HashMap<>();
      for (RunRecords.Run r : runs) {
        if (r.keys() != null) {
          r.keys().forEach(k -> lastUse.merge(k, r.started(), (a, b) -> a.isAfter(b) ? a : b));
        }
      }
      for (StoredArtifacts.Entry a : artifacts) {
        Instant used = lastUse.getOrDefault(a.key(), a.created());
        if (!used.isBefore(cutoff) || !a.created().isBefore(cutoff)) {
          keep.add(a.key());
        }
      }
    }
    // A kept artifact's inputs stay too (its record names them even when no manifest does).
    Map<String, StoredArtifacts.Entry> byKey = new HashMap<>();
    artifacts.forEach(a -> byKey.put(a.key(), a));
    Deque<String> todo = new ArrayDeque<>(keep);
    while (!todo.isEmpty()) {
      StoredArtifacts.Entry a = byKey.get(todo.pop());
      if (a != null) {
        for (String in : a.inputs()) {
          if (keep.add(in)) {
            todo.push(in);
          }
        }
      }
    }
    List<Removal> removed = new ArrayList<>();
    List<String> held = new ArrayList<>();
    long freed = 0;
    long keptBytes = 0;
    int kept = 0;
    for (StoredArtifacts.Entry a : artifacts) {
      if (keepAll || keep.contains(a.key())) {
        kept++;
        keptBytes += a.bytes();
        continue;
      }
      if (dryRun) {
        removed.add(new Removal(a.kind(), a.key(), a.label(), a.bytes()));
        freed += a.bytes();
        continue;
      }
      try (ArtifactStore.BuildLock building = store.tryBuildLock(a.kind(), a.key())) {
        if (building == null) {
          held.add(a.kind() + "/" + a.key() + " (" + a.label() + ")");
          kept++;
          keptBytes += a.bytes();
          continue;
        }
        store.remove(a.kind(), a.key(), a.dir());
      }
      removed.add(new Removal(a.kind(), a.key(), a.label(), a.bytes()));
      freed += a.bytes();
    }
    // Leftovers of interrupted replacements; with an engine running, one may be deleting its own there.
    long other = live.isEmpty() ? clear(store.root().resolve("trash"), dryRun) : 0;
    if (policy.purgeQuarantine()) {
      other += clear(store.root().resolve("quarantine"), dryRun);
    }
    return new Report(dryRun, removed, freed, kept, keptBytes, held, live, other, problems);
  }

  /** Bytes under {@code dir}, removed unless {@code dryRun}. */
  private static long clear(Path dir, boolean dryRun) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    long bytes;
    try (Stream<Path> s = Files.walk(dir)) {
      bytes = s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
    if (!dryRun) {
      FileTrees.delete(dir);
    }
    return bytes;
  }
}
