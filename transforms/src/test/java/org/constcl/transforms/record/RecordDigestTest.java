package org.constcl.transforms.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordDigestTest {
  private static BigInteger sum(List<String> rows) {
    BigInteger s = BigInteger.ZERO;
    for (String r : rows) {
      s = RecordDigest.add(s, RecordDigest.sha256(r.getBytes(StandardCharsets.UTF_8)));
    }
    return s;
  }

  @Test
  void digestIgnoresOrderAndSharding() {
    String a = RecordDigest.finish(3, sum(List.of("r1", "r2", "r3")));
    String b = RecordDigest.finish(3, sum(List.of("r3", "r1", "r2")));
    String sharded = RecordDigest.finish(3, RecordDigest.merge(sum(List.of("r2")), sum(List.of("r3", "r1"))));
    assertThat(a).isEqualTo(b).isEqualTo(sharded).startsWith("sha256:").hasSize(71);
  }

  @Test
  void digestSeesContentAndMultiplicity() {
    String base = RecordDigest.finish(2, sum(List.of("r1", "r2")));
    assertThat(RecordDigest.finish(2, sum(List.of("r1", "r3")))).isNotEqualTo(base);
    assertThat(RecordDigest.finish(3, sum(List.of("r1", "r2", "r2")))).isNotEqualTo(base);
    assertThat(RecordDigest.finish(0, BigInteger.ZERO)).isNotEqualTo(base);
  }

  @Test
  void sumWrapsModulo2To256() {
    BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    byte[] one = new byte[32];
    one[31] = 1;
    assertThat(RecordDigest.add(max, one)).isEqualTo(BigInteger.ZERO);
  }
}
