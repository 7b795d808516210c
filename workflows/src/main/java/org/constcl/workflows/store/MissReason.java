package org.constcl.workflows.store;

/**
 * Why an instance must run, from a fixed set (Bazel's explain does the same), so that {@code plan}
 * and {@code run} can count them. The details of a miss say what differs.
 */
public enum MissReason {
  /** Nothing of its kind is in the store yet. */
  NO_ARTIFACT("no artifact"),
  /** The nearest stored artifact of its kind was built by other code. */
  CODE_CHANGED("code changed"),
  /** The nearest stored artifact has the same code but other config keys. */
  CONFIG_CHANGED("config changed"),
  /** The nearest stored artifact differs only in its inputs, or an upstream was rebuilt with other content. */
  INPUT_CHANGED("input changed"),
  /** The artifact under its key does not match its record; it is rebuilt. */
  CORRUPT("corrupt");

  private final String text;

  MissReason(String text) {
    this.text = text;
  }

  /** How plan and run print it. */
  public String text() {
    return text;
  }
}
