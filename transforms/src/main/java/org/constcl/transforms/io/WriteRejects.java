package org.constcl.transforms.io;

import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.constcl.transforms.record.AvroBytes;
import org.constcl.transforms.record.Reject;

/**
 * Writes a stage's rejects as the dataset's {@code rejects/} folder: one Parquet file, rows in a
 * stable order (by uri, stage, detail), so re-runs write identical files.
 */
public final class WriteRejects extends PTransform<PCollection<Reject>, PCollection<ShardResult>> {
  /** The rejects folder inside a dataset, and the prefix of its file. */
  public static final String DIR = "rejects";

  private final String datasetDirectory;

  private WriteRejects(String datasetDirectory) {
    this.datasetDirectory = datasetDirectory;
  }

  /** Rejects into {@code datasetDirectory/rejects/}. */
  public static WriteRejects into(String datasetDirectory) {
    return new WriteRejects(datasetDirectory);
  }

  @Override
  public PCollection<ShardResult> expand(PCollection<Reject> rejects) {
    return rejects
        .apply("EncodeRejectRows", MapElements.via(new ToRow()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of()))
        .apply("WriteRejectShard", WriteParquetShards.to(datasetDirectory + "/" + DIR, new ShardLayout(DIR, 1), Reject.SCHEMA));
  }

  private static final class ToRow extends SimpleFunction<Reject, KV<String, byte[]>> {
    @Override
    public KV<String, byte[]> apply(Reject r) {
      return KV.of(r.uri() + "\u0000" + r.stage() + "\u0000" + r.detail(), AvroBytes.encode(Reject.SCHEMA, r.toAvro()));
    }
  }
}
