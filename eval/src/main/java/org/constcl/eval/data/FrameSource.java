package org.constcl.eval.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.constcl.transforms.io.RowGroupFile;
import org.constcl.transforms.record.ClipRecordAvro;

/**
 * Reads the stored JPEG frames of clip records, keeping a few shard files open (footers read
 * once). One per thread; close it.
 */
public final class FrameSource implements AutoCloseable {
  private final Map<String, RowGroupFile> open = new LinkedHashMap<>(8, 0.75f, true);

  /** The JPEG frames of {@code ref}. */
  public List<byte[]> frames(ClipRef ref) throws IOException {
    RowGroupFile f = open.get(ref.file());
    if (f == null) {
      f = new RowGroupFile(Path.of(ref.file()));
      open.put(ref.file(), f);
      if (open.size() > 4) {
        String eldest = open.keySet().iterator().next();
        open.remove(eldest).close();
      }
    }
    List<GenericRecord> rows = new ArrayList<>(1);
    f.read(ref.rowGroup(), g -> {
      if (rows.size() <= ref.rowInGroup()) {
        rows.add(g);
      }
    });
    if (rows.size() <= ref.rowInGroup()) {
      throw new IOException(ref.file() + " row group " + ref.rowGroup() + " has no row " + ref.rowInGroup());
    }
    var record = ClipRecordAvro.fromAvro(rows.get(ref.rowInGroup()));
    if (!record.clipId().equals(ref.clipId())) {
      throw new IOException(ref.file() + ": expected clip " + ref.clipId() + ", found " + record.clipId());
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
    for (RowGroupFile f : open.values()) {
      f.close();
    }
    open.clear();
  }
}
