package org.constcl.tfmodel.loop;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32C;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * A TensorBoard event file ({@code events.out.tfevents.<time>.constcl}): TFRecord framing (length,
 * masked CRC-32C of the length, the serialised {@code Event}, its masked CRC-32C), a
 * {@code brain.Event:2} header, then events: TensorFlow's own {@code Event} and {@code Summary}
 * protos, framed as TensorFlow's record writer frames them.
 */
public final class EventFileWriter implements AutoCloseable {
  private final OutputStream out;
  private final Path file;

  EventFileWriter(Path folder) throws IOException {
    this(unused(folder, System.currentTimeMillis() / 1000, "constcl"), System.currentTimeMillis() / 1000.0);
  }

  /** A new event file {@code file} whose header carries {@code wallTime} (seconds since the epoch). */
  public EventFileWriter(Path file, double wallTime) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    this.file = file;
    this.out = new BufferedOutputStream(Files.newOutputStream(file));
    write(Event.newBuilder().setWallTime(wallTime).setFileVersion("brain.Event:2").build());
    out.flush();
  }

  /** {@code events.out.tfevents.<seconds>.<suffix>} in {@code folder}, numbered on when taken. */
  public static Path unused(Path folder, long seconds, String suffix) {
    Path f = folder.resolve("events.out.tfevents." + seconds + "." + suffix);
    for (int i = 1; Files.exists(f); i++) {
      f = folder.resolve("events.out.tfevents." + seconds + "." + suffix + "." + i);
    }
    return f;
  }

  public Path file() {
    return file;
  }

  /** One event holding every scalar of {@code step}. */
  public void scalars(long step, Map<String, Double> values) throws IOException {
    Summary.Builder summary = Summary.newBuilder();
    values.forEach((tag, v) -> summary.addValue(Summary.Value.newBuilder().setTag(tag).setSimpleValue(v.floatValue())));
    write(Event.newBuilder().setWallTime(System.currentTimeMillis() / 1000.0).setStep(step).setSummary(summary).build());
    out.flush();
  }

  /** Appends one event (its record framed and check-summed). */
  public void write(Event e) throws IOException {
    byte[] data = e.toByteArray();
    byte[] len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
    out.write(len);
    out.write(le32(maskedCrc(len)));
    out.write(data);
    out.write(le32(maskedCrc(data)));
  }

  /** TFRecord's masked CRC-32C. */
  static int maskedCrc(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b);
    int crc = (int) c.getValue();
    return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
  }

  private static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
