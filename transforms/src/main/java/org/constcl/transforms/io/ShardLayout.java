package org.constcl.transforms.io;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import com.google.common.hash.Hashing;

/**
 * How a dataset's rows are split into files: row {@code id} goes to shard
 * {@code murmur3_32(id) mod numShards}, file {@code prefix-SSSSS-of-NNNNN.parquet}, rows sorted by
 * id within the file. Any dataset written with the same layout over the same ids has the same
 * files in the same row order, which is how box shards align with clip shards.
 *
 * @param prefix file name prefix, e.g. {@code part}
 * @param numShards number of files
 */
public record ShardLayout(String prefix, int numShards) implements Serializable {

  public ShardLayout {
    if (numShards < 1) {
      throw new IllegalArgumentException("numShards must be >= 1, got " + numShards);
    }
  }

  /** The shard that holds row {@code id}. */
  public int shardOf(String id) {
    int h = Hashing.murmur3_32_fixed().hashString(id, StandardCharsets.UTF_8).asInt();
    return Math.floorMod(h, numShards);
  }

  /** The file name of shard {@code shard}. */
  public String fileName(int shard) {
    return String.format("%s-%05d-of-%05d.parquet", prefix, shard, numShards);
  }
}
