package org.constcl.transforms.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpillingSorterTest {
  @ParameterizedTest
  @ValueSource(longs = {1 << 20, 10})
  void returnsPayloadsInKeyOrderInMemoryOrSpilled(long memory) throws Exception {
    List<String> keys = List.of("k5", "k1", "k4", "k2", "k3");
    try (SpillingSorter s = new SpillingSorter(memory)) {
      for (String k : keys) {
        s.add(k, ("payload-" + k).getBytes(StandardCharsets.UTF_8));
      }
      assertThat(s.spilled()).isEqualTo(memory == 10);
      List<String> out = new ArrayList<>();
      for (Iterator<byte[]> it = s.sorted(); it.hasNext(); ) {
        out.add(new String(it.next(), StandardCharsets.UTF_8));
      }
      assertThat(out).containsExactly("payload-k1", "payload-k2", "payload-k3", "payload-k4", "payload-k5");
    }
  }

  @Test
  void shardLayoutIsStableAndNamesFiles() {
    ShardLayout layout = new ShardLayout("part", 8);
    assertThat(layout.fileName(3)).isEqualTo("part-00003-of-00008.parquet");
    // murmur3_32 of a fixed string: the same shard on every JVM, runner and run.
    assertThat(layout.shardOf("vtest.avi#0")).isEqualTo(new ShardLayout("part", 8).shardOf("vtest.avi#0"));
    int[] counts = new int[8];
    for (int i = 0; i < 8000; i++) {
      counts[layout.shardOf("video" + i + ".mp4#0")]++;
    }
    assertThat(java.util.Arrays.stream(counts).boxed().toList()).allSatisfy(c -> assertThat(c).isBetween(850, 1150));
  }
}
