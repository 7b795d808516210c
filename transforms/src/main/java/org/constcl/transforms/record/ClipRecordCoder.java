package org.constcl.transforms.record;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CustomCoder;

/** Beam coder for {@link ClipRecord}: the record's Avro binary form, length-prefixed. */
public final class ClipRecordCoder extends CustomCoder<ClipRecord> {
  private static final ClipRecordCoder INSTANCE = new ClipRecordCoder();
  private static final ByteArrayCoder BYTES = ByteArrayCoder.of();

  private ClipRecordCoder() {}

  public static ClipRecordCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(ClipRecord value, OutputStream out) throws IOException {
    BYTES.encode(AvroBytes.encode(ClipRecordAvro.SCHEMA, ClipRecordAvro.toAvro(value)), out);
  }

  @Override
  public ClipRecord decode(InputStream in) throws IOException {
    return ClipRecordAvro.fromAvro(AvroBytes.decode(ClipRecordAvro.SCHEMA, BYTES.decode(in)));
  }

  @Override
  public void verifyDeterministic() {
    // Avro binary encoding under a fixed schema is deterministic.
  }
}
