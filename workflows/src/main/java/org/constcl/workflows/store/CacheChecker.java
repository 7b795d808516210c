package org.constcl.workflows.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.constcl.workflows.plan.StageInstance;

/**
 * The cache policy: must an instance run? A hit needs a verified artifact under its key whose
 * recorded inputs are the upstream artifacts' current digests. A miss is explained against the
 * nearest stored artifact of the same kind (fewest differences): code fingerprint first, then
 * config keys, then inputs, each a {@link MissReason}.
 */
public final class CacheChecker {
  private final ArtifactStore store;

  public CacheChecker(ArtifactStore store) {
    this.store = store;
  }

  /**
   * The decision for {@code i}.
   *
   * @param inputDigests the current upstream artifacts' digests by input name (absent: not known yet)
   */
  public CacheDecision check(StageInstance i, Map<String, String> inputDigests) {
    ArtifactStore.Found found = store.find(i);
    if (found instanceof ArtifactStore.Found.Corrupt c) {
      return CacheDecision.miss(MissReason.CORRUPT, List.of(c.problem()), "miss (corrupt): stored artifact " + i.shortKey()
          + " is corrupt (" + c.problem() + "); it will be rebuilt");
    }
    if (found instanceof ArtifactStore.Found.Absent) {
      return explainMiss(i);
    }
    ArtifactStore.Found.Present p = (ArtifactStore.Found.Present) found;
    Artifact a = p.artifact();
    for (Map.Entry<String, String> in : inputDigests.entrySet()) {
      String recorded = a.record().path("inputs").path(in.getKey()).path("digest").asText();
      if (!recorded.equals(in.getValue())) {
        String d = "input " + in.getKey() + " was rebuilt with other content (digest " + abbreviate(recorded) + " -> "
            + abbreviate(in.getValue()) + ")";
        return CacheDecision.miss(MissReason.INPUT_CHANGED, List.of(d), "miss (input changed): " + d);
      }
    }
    return CacheDecision.hit(a, "hit: artifact " + i.shortKey() + " built by run " + a.record().path("run").asText("?")
        + ", " + a.record().path("files").size() + " files verified"
        + (p.fetchedFrom() == null ? "" : ", fetched from " + p.fetchedFrom()));
  }

  private CacheDecision explainMiss(StageInstance i) {
    List<JsonNode> candidates = store.records(i.kind());
    if (candidates.isEmpty()) {
      return CacheDecision.miss(MissReason.NO_ARTIFACT, List.of(), "miss (no artifact): no " + i.kind()
          + " artifact in the store yet");
    }
    List<String> best = null;
    for (JsonNode c : candidates) {
      List<String> d = MaterialDiff.between(c.path("material"), i.keyMaterial());
      if (best == null || d.size() < best.size()) {
        best = d;
      }
    }
    MissReason reason = reason(best);
    return CacheDecision.miss(reason, best, "miss (" + reason.text() + "): nearest stored " + i.kind() + " differs in "
        + String.join("; ", best.subList(0, Math.min(4, best.size()))) + (best.size() > 4 ? "; and " + (best.size() - 4)
        + " more" : ""));
  }

  /** The first kind of difference in a {@link MaterialDiff} list, in the order code, config, inputs. */
  static MissReason reason(List<String> differences) {
    if (differences.stream().anyMatch(d -> d.startsWith(MaterialDiff.CODE))) {
      return MissReason.CODE_CHANGED;
    }
    if (differences.stream().anyMatch(d -> d.startsWith(MaterialDiff.CONFIG))) {
      return MissReason.CONFIG_CHANGED;
    }
    return MissReason.INPUT_CHANGED;
  }

  /** Counts of the misses among {@code decisions}, by reason, every reason present (zero or not). */
  public static Map<MissReason, Long> countMisses(Iterable<CacheDecision> decisions) {
    Map<MissReason, Long> counts = new EnumMap<>(MissReason.class);
    for (MissReason r : MissReason.values()) {
      counts.put(r, 0L);
    }
    for (CacheDecision d : decisions) {
      if (!d.hit()) {
        counts.merge(d.reason(), 1L, Long::sum);
      }
    }
    return counts;
  }

  /** "cache: 12 hits, 7 misses (3 no artifact, 2 code changed, 2 config changed)" — zero reasons left out. */
  public static String summary(Iterable<CacheDecision> decisions) {
    long hits = 0;
    long misses = 0;
    for (CacheDecision d : decisions) {
      if (d.hit()) {
        hits++;
      } else {
        misses++;
      }
    }
    StringBuilder sb = new StringBuilder("cache: " + hits + (hits == 1 ? " hit, " : " hits, ") + misses
        + (misses == 1 ? " miss" : " misses"));
    if (misses > 0) {
      StringBuilder why = new StringBuilder();
      countMisses(decisions).forEach((r, n) -> {
        if (n > 0) {
          why.append(why.length() == 0 ? "" : ", ").append(n).append(' ').append(r.text());
        }
      });
      sb.append(" (").append(why).append(')');
    }
    return sb.toString();
  }

  private static String abbreviate(String d) {
    return d.length() > 12 ? d.substring(0, 12) : d.isEmpty() ? "none" : d;
  }
}
