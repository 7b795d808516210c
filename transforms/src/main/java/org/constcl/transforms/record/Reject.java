package org.constcl.transforms.record;

import java.io.Serializable;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A dead letter: an input a stage could not turn into a record, with a stable reason code and a
 * human-readable detail. Rejects are written as a dataset and counted in the stage summary.
 */
public final class Reject implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The reject record schema ({@code reject_record.avsc}). */
  public static final Schema SCHEMA = ClipRecordAvro.loadSchema("reject_record.avsc");

  private final String uri;
  private final String stage;
  private final String reason;
  private final String detail;

  public Reject(String uri, String stage, String reason, String detail) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.stage = Objects.requireNonNull(stage, "stage");
    this.reason = Objects.requireNonNull(reason, "reason");
    this.detail = detail == null ? "" : detail;
  }

  public String uri() { return uri; }
  public String stage() { return stage; }
  public String reason() { return reason; }
  public String detail() { return detail; }

  /** The Avro form of this reject. */
  public GenericRecord toAvro() {
    GenericData.Record g = new GenericData.Record(SCHEMA);
    g.put("uri", uri);
    g.put("stage", stage);
    g.put("reason", reason);
    g.put("detail", detail);
    return g;
  }

  /** Reads a reject from its Avro form. */
  public static Reject fromAvro(GenericRecord g) {
    return new Reject(
        ClipRecordAvro.str(g, "uri"),
        ClipRecordAvro.str(g, "stage"),
        ClipRecordAvro.str(g, "reason"),
        ClipRecordAvro.str(g, "detail"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Reject
        && uri.equals(((Reject) o).uri)
        && stage.equals(((Reject) o).stage)
        && reason.equals(((Reject) o).reason)
        && detail.equals(((Reject) o).detail);
  }

  @Override
  public int hashCode() {
    return Objects.hash(uri, stage, reason, detail);
  }

  @Override
  public String toString() {
    return uri + " [" + stage + "] " + reason + ": " + detail;
  }
}
