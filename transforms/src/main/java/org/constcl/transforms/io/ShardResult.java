package org.constcl.transforms.io;

import java.io.Serializable;
import java.math.BigInteger;

/**
 * What writing one shard produced.
 *
 * @param name file name of the shard (no folder)
 * @param records rows written
 * @param fileBytes size of the file
 * @param digestSum sum of the rows' SHA-256 digests modulo 2^256 (see RecordDigest)
 */
public record ShardResult(String name, long records, long fileBytes, BigInteger digestSum)
    implements Serializable {}
