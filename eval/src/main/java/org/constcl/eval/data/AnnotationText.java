package org.constcl.eval.data;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The lines of an annotation file (CSV, box lists, label maps, split lists) as annotation tools on
 * every system write them: UTF-8 with or without a byte-order mark (Excel and Notepad add one),
 * lines ending in LF, CRLF or CR. A UTF-16 file or bytes that are not UTF-8 are refused with the
 * file named, rather than read as garbage that silently matches nothing.
 */
public final class AnnotationText {
  private AnnotationText() {}

  public static List<String> lines(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length >= 2 && ((bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE
        || (bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF)) {
      throw new IOException(file + ": UTF-16 text (byte-order mark " + String.format("%02X %02X", bytes[0] & 0xff, bytes[1] & 0xff)
          + "); save it as UTF-8");
    }
    int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
    } catch (CharacterCodingException e) {
      throw new IOException(file + ": not UTF-8 text (" + e.getMessage() + ")", e);
    }
    return text.lines().toList();
  }
}
