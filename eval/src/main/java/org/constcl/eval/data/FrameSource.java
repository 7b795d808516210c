package org.constcl.eval.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.constcl.transforms.io.ClipRows;

/**
 * Reads the stored JPEG frames of clip records, keeping a few shard files open (footers read
 * once). One per thread; close it.
 */
public final class FrameSource implements AutoCloseable {
  private final ClipRows.Reader reader = new ClipRows.Reader();

  /** The JPEG frames of {@code ref}. */
  public List<byte[]> frames(ClipRef ref) throws IOException {
    var record = reader.read(ref.place());
    if (!record.clipId().equals(ref.clipId())) {
      throw new IOException(ref.place().file() + ": expected clip " + ref.clipId() + ", found " + record.clipId());
    }
    return record.frames();
  }

  /** The frames of a video's segments, concatenated in segment order. */
  public List<byte[]> videoFrames(List<ClipRef> segments) throws IOException {
    List<byte[]> all = new ArrayList<>();
    for (ClipRef s : segments) {
      all.addAll(frames(s));
    }
    return all;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
