package org.constcl.eval.ava;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The two versions of the official AVA frame-mAP script (eval-protocols §1.3): the current one
 * (2-column rows declare keyframes without boxes; detections on keyframes the ground truth does not
 * list are ignored) and the 2018 one (an excluded-timestamps file; detections on any frame without
 * ground truth are false positives).
 */
public enum AvaProtocol {
  CURRENT("current"),
  V2018("2018");

  private final String id;

  AvaProtocol(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static AvaProtocol of(String id) {
    for (AvaProtocol p : values()) {
      if (p.id.equals(id)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown protocol '" + id + "' (current, 2018)");
  }

  /**
   * The frame key of a row: current {@code video,%.6f} of the decimal timestamp (so 0902, 902 and
   * 902.0 are one key), 2018 {@code video,%04d} of the integer timestamp.
   */
  public String key(String video, String timestamp) {
    String t = timestamp.strip();
    if (this == CURRENT) {
      return video + "," + new BigDecimal(t).setScale(6, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }
    return video + "," + String.format(Locale.ROOT, "%04d", Integer.parseInt(t));
  }
}
