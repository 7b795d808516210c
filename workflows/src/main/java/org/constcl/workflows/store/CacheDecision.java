package org.constcl.workflows.store;

import java.util.List;

/**
 * Whether an instance's artifact is in the store and may be used: a hit with its verified
 * artifact, or a miss with its {@link MissReason} and what differs.
 *
 * @param artifact the verified artifact of a hit, null for a miss
 * @param reason why it misses, null for a hit
 * @param differences what differs from the nearest stored artifact (code, config keys, inputs), or the problem
 * @param text the readable line plan and run print
 */
public record CacheDecision(Artifact artifact, MissReason reason, List<String> differences, String text) {
  public boolean hit() {
    return artifact != null;
  }

  static CacheDecision hit(Artifact a, String text) {
    return new CacheDecision(a, null, List.of(), text);
  }

  public static CacheDecision miss(MissReason reason, List<String> differences, String text) {
    return new CacheDecision(null, reason, List.copyOf(differences), text);
  }
}
