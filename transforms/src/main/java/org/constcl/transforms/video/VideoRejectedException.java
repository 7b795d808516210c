package org.constcl.transforms.video;

/** Thrown when a video cannot be ingested; carries the reject reason and a readable detail. */
public final class VideoRejectedException extends Exception {
  private static final long serialVersionUID = 1L;
  private final RejectReason reason;

  public VideoRejectedException(RejectReason reason, String detail) {
    super(detail);
    this.reason = reason;
  }

  public VideoRejectedException(RejectReason reason, String detail, Throwable cause) {
    super(detail, cause);
    this.reason = reason;
  }

  public RejectReason reason() {
    return reason;
  }
}
