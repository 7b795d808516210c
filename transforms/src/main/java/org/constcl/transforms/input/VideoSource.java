package org.constcl.transforms.input;

import java.io.Serializable;
import java.util.Objects;

/**
 * One video to ingest, as resolved from the command line: where it is, its id in the dataset and
 * the optional label, split and time range from a manifest.
 *
 * @param path absolute local path (must be readable by every worker)
 * @param videoId id in the dataset: the path relative to the input root, or as the manifest wrote it
 * @param label class name, or null
 * @param labelIndex class index, or null
 * @param split split name (e.g. train, test), or null
 * @param startSec start of the time range in seconds, or null
 * @param endSec end of the time range (exclusive) in seconds, or null
 */
public record VideoSource(
    String path,
    String videoId,
    String label,
    Integer labelIndex,
    String split,
    Double startSec,
    Double endSec)
    implements Serializable {

  public VideoSource {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(videoId, "videoId");
  }

  /** A source without label, split or range. */
  public static VideoSource of(String path, String videoId) {
    return new VideoSource(path, videoId, null, null, null, null, null);
  }
}
