package org.constcl.transforms.record;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Avro binary encoding of generic records. The encoding of a record under a fixed schema is
 * canonical, so it is what record digests are computed over.
 */
public final class AvroBytes {
  private AvroBytes() {}

  /** Encodes {@code record} with {@code schema} in Avro binary form. */
  public static byte[] encode(Schema schema, GenericRecord record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      new GenericDatumWriter<GenericRecord>(schema).write(record, enc);
      enc.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * SHA-256 of {@code record}'s Avro binary encoding, streamed through the digest without
   * materialising the encoding (equal to {@code RecordDigest.sha256(encode(schema, record))}).
   */
  public static byte[] sha256(Schema schema, GenericRecord record) {
    MessageDigest md = RecordDigest.newSha256();
    BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(new DigestingStream(md), null);
    try {
      new GenericDatumWriter<GenericRecord>(schema).write(record, enc);
      enc.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return md.digest();
  }

  private static final class DigestingStream extends OutputStream {
    private final MessageDigest md;

    DigestingStream(MessageDigest md) {
      this.md = md;
    }

    @Override
    public void write(int b) {
      md.update((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      md.update(b, off, len);
    }
  }

  /** Decodes one record written by {@link #encode}. */
  public static GenericRecord decode(Schema schema, byte[] bytes) {
    try {
      return new GenericDatumReader<GenericRecord>(schema)
          .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
