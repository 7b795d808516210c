package org.constcl.tfmodel.trainer;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.proto.Event;

/** Reads a TensorBoard event file as TensorBoard does: TFRecord frames with checked CRCs. */
public final class EventFileReader {
  private EventFileReader() {}

  public static List<Event> read(Path file) throws IOException {
    List<Event> events = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(raw)) {
      while (true) {
        byte[] len = new byte[8];
        try {
          in.readFully(len);
        } catch (EOFException e) {
          return events;
        }
        check(len, in);
        long n = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] data = new byte[(int) n];
        in.readFully(data);
        check(data, in);
        events.add(Event.parseFrom(data));
      }
    }
  }

  private static void check(byte[] payload, DataInputStream in) throws IOException {
    byte[] crc = new byte[4];
    in.readFully(crc);
    int expected = ByteBuffer.wrap(crc).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (expected != maskedCrc(payload)) {
      throw new IOException("CRC mismatch in event file");
    }
  }

  /** TFRecord's masked CRC-32C, computed here rather than taken from the writer under test. */
  private static int maskedCrc(byte[] b) {
    java.util.zip.CRC32C c = new java.util.zip.CRC32C();
    c.update(b);
    int crc = (int) c.getValue();
    return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
  }
}
