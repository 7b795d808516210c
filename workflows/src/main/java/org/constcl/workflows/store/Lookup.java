package org.constcl.workflows.store;

/** Whether an instance's artifact is in the store, and why (every hit and miss has a reason). */
public record Lookup(Artifact artifact, String reason) {
  public boolean hit() {
    return artifact != null;
  }

  static Lookup hit(Artifact a, String reason) {
    return new Lookup(a, reason);
  }

  static Lookup miss(String reason) {
    return new Lookup(null, reason);
  }
}
