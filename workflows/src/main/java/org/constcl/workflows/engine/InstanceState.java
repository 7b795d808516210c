package org.constcl.workflows.engine;

import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.store.Artifact;

/** Where one instance is in a run (read by the view and the manifest). */
final class InstanceState {
  /** Phases; CACHED, BUILT, FAILED and SKIPPED are final. */
  public enum Phase {
    WAITING("·"), RUNNING("▶"), CACHED("✓"), BUILT("✔"), FAILED("✗"), SKIPPED("-");

    final String symbol;

    Phase(String symbol) {
      this.symbol = symbol;
    }

    public boolean done() {
      return this != WAITING && this != RUNNING;
    }

    public boolean ok() {
      return this == CACHED || this == BUILT;
    }
  }

  final StageInstance instance;
  volatile Phase phase = Phase.WAITING;
  volatile String reason = "";
  volatile Artifact artifact;
  volatile long startedNanos;
  volatile double seconds;
  volatile String log;
  volatile Double estimate;
  /** The cache decision that made it cached or run, once checked. */
  volatile org.constcl.workflows.store.CacheDecision cache;
  /** On a cluster: the stage job's id and every attempt of its tasks. */
  volatile String clusterJob;
  volatile java.util.List<org.constcl.workflows.cluster.Attempt> attempts;

  InstanceState(StageInstance instance) {
    this.instance = instance;
  }
}
