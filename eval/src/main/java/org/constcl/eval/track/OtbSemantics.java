package org.constcl.eval.track;

/**
 * How a scorer treats what real OTB data contains (eval-protocols §2.5): invalid ground-truth
 * rows, invalid predictions, the first frame and unequal lengths.
 */
public enum OtbSemantics {
  /** The original MATLAB toolkit: invalid GT → IoU −1 and error −1; invalid predictions repeat the previous one; frame 1 := GT. */
  OTB("otb"),
  /** The GOT-10k toolkit: everything computed as is; frame 1 := GT; unequal lengths truncated to the shorter. */
  GOT10K("got10k"),
  /** pysot-toolkit: invalid GT → IoU −1, error −1 when a GT centre coordinate ≤ 0; predictions as written. */
  PYSOT("pysot");

  private final String id;

  OtbSemantics(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static OtbSemantics of(String id) {
    for (OtbSemantics s : values()) {
      if (s.id.equals(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown semantics '" + id + "' (otb, got10k, pysot)");
  }
}
