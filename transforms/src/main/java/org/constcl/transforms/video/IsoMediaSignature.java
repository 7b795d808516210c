package org.constcl.transforms.video;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Recognises ISO base media files (MP4, MOV, 3GP) by the type of their first box. */
final class IsoMediaSignature {
  private static final Set<String> FIRST_BOX_TYPES = Set.of("ftyp", "wide", "free", "mdat", "moov", "skip");

  private IsoMediaSignature() {}

  static boolean matches(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      byte[] head = in.readNBytes(8);
      return head.length == 8
          && FIRST_BOX_TYPES.contains(new String(head, 4, 4, StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      return false;
    }
  }
}
