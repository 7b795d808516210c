package org.constcl.proposal.source;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The region sources of the ConST-CL ablation (docs/proposals.md). */
public enum RegionSource {
  /** Random boxes: 8 per frame, seeded. */
  RANDOM,
  /** SLIC superpixels' bounding boxes. */
  SLIC,
  /** Felzenszwalb–Huttenlocher graph-based segments' bounding boxes, two scales. */
  GRAPH,
  /** Person detector boxes. */
  PERSON,
  /** Generic object boxes (a detector model, or selective search proposals). */
  OBJECT;

  /** The name used on the command line and in records. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The source called {@code name}; the message lists the valid names otherwise. */
  public static RegionSource parse(String name) {
    for (RegionSource s : values()) {
      if (s.id().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown region source '" + name + "'; choose one of " + names());
  }

  /** The valid names, comma-separated. */
  public static String names() {
    return Arrays.stream(values()).map(RegionSource::id).collect(Collectors.joining(", "));
  }
}
