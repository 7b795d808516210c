package org.constcl.tfmodel.data;

import com.google.common.hash.Hashing;
import java.util.SplittableRandom;

/**
 * The order in which clips are read: epoch after epoch, each a function of (seed, epoch) alone.
 * An epoch visits the shards in a seeded order, streams each shard's clips through a seeded
 * shuffle buffer (as tf.data's {@code shuffle}: fill, then emit a random slot and refill it; drain
 * at the end) and so emits every clip exactly once. Position {@code p} of the endless sequence
 * is clip {@code p mod n} of epoch {@code p / n}, so a resumed run finds its place without
 * reading any data.
 */
public final class SampleOrder {
  private final ClipIndex index;
  private final long seed;
  private final int buffer;
  private long cachedEpoch = -1;
  private int[] cached;

  public SampleOrder(ClipIndex index, long seed, int buffer) {
    this.index = index;
    this.seed = seed;
    this.buffer = buffer;
  }

  /** The clip at position {@code p}. */
  public synchronized int clipAt(long p) {
    long n = index.size();
    long epoch = p / n;
    if (epoch != cachedEpoch) {
      cached = epoch(epoch);
      cachedEpoch = epoch;
    }
    return cached[(int) (p % n)];
  }

  /** 0 .. n−1 in the order of a Fisher–Yates shuffle drawing from {@code rng}. */
  public static int[] permutation(int n, SplittableRandom rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** Epoch {@code e}'s clip order. */
  int[] epoch(long e) {
    SplittableRandom rng = new SplittableRandom(mix(seed, e, 0x5eed_0a11L));
    int[] shardOrder = permutation(index.shards(), rng);
    int n = index.size();
    int[] out = new int[n];
    int[] buf = new int[Math.min(buffer, n)];
    int filled = 0;
    int emitted = 0;
    for (int s : shardOrder) {
      for (int clip = index.shardFirst(s); clip < index.shardEnd(s); clip++) {
        if (filled < buf.length) {
          buf[filled++] = clip;
        } else {
          int slot = rng.nextInt(buf.length);
          out[emitted++] = buf[slot];
          buf[slot] = clip;
        }
      }
    }
    while (filled > 0) {
      int slot = rng.nextInt(filled);
      out[emitted++] = buf[slot];
      buf[slot] = buf[--filled];
    }
    return out;
  }

  /** A well-mixed 64-bit seed from several numbers. */
  public static long mix(long seed, long a, long b) {
    return Hashing.murmur3_128().newHasher().putLong(seed).putLong(a).putLong(b).hash().asLong();
  }
}
