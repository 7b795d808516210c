package org.constcl.workflows.store;

import java.util.Locale;

/**
 * Why an instance must run, from a fixed set (Bazel's explain does the same), so that {@code plan}
 * and {@code run} can count them. The details of a miss say what differs.
 */
public enum MissReason {
  /** Nothing of its kind is in the store yet. */
  NO_ARTIFACT,
  /** The nearest stored artifact of its kind was built by other code. */
  CODE_CHANGED,
  /** The nearest stored artifact has the same code but other config keys. */
  CONFIG_CHANGED,
  /** The nearest stored artifact differs only in its inputs, or an upstream was rebuilt with other content. */
  INPUT_CHANGED,
  /** The artifact under its key does not match its record; it is rebuilt. */
  CORRUPT;

  /** How plan and run print it: {@code code changed}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
