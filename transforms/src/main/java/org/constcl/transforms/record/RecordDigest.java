package org.constcl.transforms.record;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Order-independent digest of a set of records.
 *
 * <p>Each record's digest is SHA-256 of its canonical Avro binary encoding. The dataset digest is
 * SHA-256 over the record count and the sum of all record digests modulo 2^256 (a multiset hash):
 * it does not depend on record order or on how records are split into shards, and partial sums
 * from shards or workers merge by addition.
 */
public final class RecordDigest {
  private static final BigInteger MOD = BigInteger.ONE.shiftLeft(256);

  private RecordDigest() {}

  /** SHA-256 of {@code bytes}. */
  public static byte[] sha256(byte[] bytes) {
    return newSha256().digest(bytes);
  }

  /** A fresh SHA-256 message digest. */
  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** Adds a record digest to a running sum (mod 2^256). */
  public static BigInteger add(BigInteger sum, byte[] recordDigest) {
    return sum.add(new BigInteger(1, recordDigest)).mod(MOD);
  }

  /** Merges two partial sums. */
  public static BigInteger merge(BigInteger a, BigInteger b) {
    return a.add(b).mod(MOD);
  }

  /** The dataset digest of {@code count} records whose digests sum to {@code sum}. */
  public static String finish(long count, BigInteger sum) {
    MessageDigest md = newSha256();
    md.update(("constcl-records-v1:" + count + ":").getBytes(StandardCharsets.US_ASCII));
    byte[] fixed = new byte[32];
    byte[] raw = sum.toByteArray();
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, fixed, 32 - n, n);
    md.update(fixed);
    return "sha256:" + HexFormat.of().formatHex(md.digest());
  }
}
