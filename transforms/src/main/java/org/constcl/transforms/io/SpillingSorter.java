package org.constcl.transforms.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Sorts (key, payload) pairs by key while holding at most {@code memoryBytes} of payload in
 * memory; beyond that, payloads go to a local temporary file and only keys and offsets stay in
 * memory. Used by the shard writer so that rows come out in the same order on every runner.
 * Not thread-safe; close it to delete the spill file.
 */
final class SpillingSorter implements AutoCloseable {
  private final long memoryBytes;
  private final List<Entry> entries = new ArrayList<>();
  private long bufferedBytes;
  private Path spillFile;
  private OutputStream spillOut;
  private long spillOffset;
  private FileChannel spillChannel;

  SpillingSorter(long memoryBytes) {
    this.memoryBytes = memoryBytes;
  }

  void add(String key, byte[] payload) throws IOException {
    if (spillOut == null && bufferedBytes + payload.length > memoryBytes) {
      startSpilling();
    }
    if (spillOut != null) {
      entries.add(new Entry(key, null, spillOffset, payload.length));
      spillOut.write(payload);
      spillOffset += payload.length;
    } else {
      entries.add(new Entry(key, payload, -1, payload.length));
      bufferedBytes += payload.length;
    }
  }

  /** Whether payloads went to disk. */
  boolean spilled() {
    return spillFile != null;
  }

  private void startSpilling() throws IOException {
    spillFile = Files.createTempFile("constcl-shard-", ".spill");
    spillOut = new BufferedOutputStream(Files.newOutputStream(spillFile), 1 << 20);
    List<Entry> inMemory = new ArrayList<>(entries);
    entries.clear();
    for (Entry e : inMemory) {
      entries.add(new Entry(e.key, null, spillOffset, e.length));
      spillOut.write(e.payload);
      spillOffset += e.length;
    }
    bufferedBytes = 0;
  }

  /** Payloads in ascending key order (ties keep insertion order). Call once. */
  Iterator<byte[]> sorted() throws IOException {
    entries.sort(Comparator.comparing(Entry::key));
    if (spillOut != null) {
      spillOut.close();
      spillOut = null;
      spillChannel = FileChannel.open(spillFile, StandardOpenOption.READ);
    }
    Iterator<Entry> it = entries.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public byte[] next() {
        if (!it.hasNext()) {
          throw new NoSuchElementException();
        }
        Entry e = it.next();
        return e.payload != null ? e.payload : readSpilled(e);
      }
    };
  }

  private byte[] readSpilled(Entry e) {
    ByteBuffer buf = ByteBuffer.allocate(e.length);
    try {
      long pos = e.offset;
      while (buf.hasRemaining()) {
        int n = spillChannel.read(buf, pos);
        if (n < 0) {
          throw new IOException("spill file " + spillFile + " ended early");
        }
        pos += n;
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return buf.array();
  }

  @Override
  public void close() throws IOException {
    if (spillOut != null) {
      spillOut.close();
    }
    if (spillChannel != null) {
      spillChannel.close();
    }
    if (spillFile != null) {
      Files.deleteIfExists(spillFile);
    }
  }

  private record Entry(String key, byte[] payload, long offset, int length) {}
}
