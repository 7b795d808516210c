package org.constcl.transforms.input;

import java.util.ArrayList;
import java.util.List;

/** Splits one CSV line (RFC 4180: quoted fields may hold commas and doubled quotes). */
public final class CsvLine {
  private CsvLine() {}

  /** The fields of {@code line}, trimmed when unquoted; throws on an unterminated quote. */
  public static List<String> parse(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"' && cur.toString().isBlank()) {
        cur.setLength(0);
        quoted = true;
        wasQuoted = true;
      } else if (c == ',') {
        fields.add(wasQuoted ? cur.toString() : cur.toString().trim());
        cur.setLength(0);
        wasQuoted = false;
      } else {
        cur.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unterminated quoted field");
    }
    fields.add(wasQuoted ? cur.toString() : cur.toString().trim());
    return fields;
  }
}
