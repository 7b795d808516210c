package org.constcl.transforms.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.constcl.transforms.record.RecordDigest;

/** SHA-256 of whole files. */
public final class FileDigest {
  private FileDigest() {}

  /** Lower-case hex SHA-256 of the file's bytes. */
  public static String sha256Hex(Path file) throws IOException {
    MessageDigest md = RecordDigest.newSha256();
    ByteBuffer buf = ByteBuffer.allocate(1 << 20);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (ch.read(buf) >= 0) {
        buf.flip();
        md.update(buf);
        buf.clear();
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
