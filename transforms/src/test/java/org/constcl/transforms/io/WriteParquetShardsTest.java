package org.constcl.transforms.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.constcl.transforms.record.AvroBytes;
import org.constcl.transforms.record.RecordDigest;
import org.constcl.transforms.record.Reject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class WriteParquetShardsTest {
  @TempDir Path dir;

  @Test
  @Timeout(120)
  void writesEveryShardSortedByIdWithADigest() throws Exception {
    List<KV<String, byte[]>> rows = new ArrayList<>();
    BigInteger expectedSum = BigInteger.ZERO;
    for (int i = 0; i < 40; i++) {
      Reject r = new Reject("video" + i + ".mp4", "test", "reason", "detail " + i);
      byte[] bytes = AvroBytes.encode(Reject.SCHEMA, r.toAvro());
      rows.add(KV.of(r.uri(), bytes));
      expectedSum = RecordDigest.add(expectedSum, RecordDigest.sha256(bytes));
    }
    ShardLayout layout = new ShardLayout("part", 64); // more shards than rows: some stay empty
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    PCollection<ShardResult> results =
        p.apply(Create.of(rows).withCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of())))
            .apply(WriteParquetShards.to(dir.toString(), layout, Reject.SCHEMA));
    BigInteger sum = expectedSum;
    PAssert.that(results).satisfies(all -> {
      long records = 0;
      BigInteger s = BigInteger.ZERO;
      int n = 0;
      for (ShardResult r : all) {
        records += r.records();
        s = RecordDigest.merge(s, r.digestSum());
        n++;
      }
      assertThat(n).isEqualTo(64);
      assertThat(records).isEqualTo(40);
      assertThat(s).isEqualTo(sum);
      return null;
    });
    p.run().waitUntilFinish();

    List<Path> shards = ParquetRows.shards(dir, "part");
    assertThat(shards).hasSize(64);
    int total = 0;
    for (Path shard : shards) {
      List<GenericRecord> got = ParquetRows.readAll(shard);
      List<String> uris = got.stream().map(g -> g.get("uri").toString()).toList();
      int index = shardIndex(shard);
      assertThat(uris).isSorted().allMatch(u -> layout.shardOf(u) == index);
      total += got.size();
    }
    assertThat(total).isEqualTo(40);
    assertThat(dir.toFile().list((d, n) -> n.contains("inprogress"))).isEmpty();
  }

  private static int shardIndex(Path file) {
    String n = file.getFileName().toString();
    return Integer.parseInt(n.substring(5, 10));
  }
}
