package org.constcl.transforms.video;

/** Why a video (or one of its segments) could not be ingested; {@link #code()} is stable. */
public enum RejectReason {
  FILE_NOT_FOUND("file_not_found"),
  UNREADABLE_FILE("unreadable_file"),
  EMPTY_FILE("empty_file"),
  NOT_A_MEDIA_FILE("not_a_media_file"),
  NO_VIDEO_STREAM("no_video_stream"),
  TRUNCATED_FILE("truncated_file"),
  CORRUPT_STREAM("corrupt_stream"),
  UNDECODABLE_VIDEO("undecodable_video"),
  EMPTY_TIME_RANGE("empty_time_range");

  private final String code;

  RejectReason(String code) {
    this.code = code;
  }

  /** The machine-readable reason written to reject records and summaries. */
  public String code() {
    return code;
  }
}
