package org.constcl.tfmodel.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.constcl.proposal.io.BoxDatasetReader;
import org.constcl.proposal.record.BoxRecord;

/**
 * Box shards decoded on first use and kept for a while (least recently used out). Box records are
 * a few KB per clip, and the sample order reads shards in turn, so a handful of shards in memory
 * serves nearly every clip.
 */
final class BoxShardCache {
  private final ClipIndex index;
  private final Map<Integer, List<BoxRecord>> shards;

  BoxShardCache(ClipIndex index, int capacity) {
    this.index = index;
    this.shards = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Integer, List<BoxRecord>> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized BoxRecord get(int shard, int rowInShard) {
    List<BoxRecord> rows = shards.computeIfAbsent(shard, s -> {
      List<BoxRecord> all = new ArrayList<>();
      try {
        BoxDatasetReader.forEachInShard(index.boxShard(s), all::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read box shard " + index.boxShard(s), e);
      }
      return all;
    });
    return rows.get(rowInShard);
  }
}
