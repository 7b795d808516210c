package org.constcl.eval.ava;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An AVA label map ({@code .pbtxt}), read line by line as the official script does: a line
 * starting with two spaces and {@code name:} gives the name (between the first pair of double
 * quotes), a later line starting with two spaces and {@code id:} or {@code label_id:} its id.
 * Both the {@code item {...}} and the {@code label {...}} layouts parse.
 */
public record LabelMap(Map<Integer, String> names) {
  public static LabelMap read(Path file) throws AvaFormatException, IOException {
    List<String> lines = org.constcl.eval.data.AnnotationText.lines(file);
    Map<Integer, String> names = new TreeMap<>();
    String name = null;
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n);
      if (line.startsWith("  name:")) {
        int a = line.indexOf('"');
        int b = a < 0 ? -1 : line.indexOf('"', a + 1);
        if (b < 0) {
          throw new AvaFormatException(file + ":" + (n + 1) + ": a name must be in double quotes");
        }
        name = line.substring(a + 1, b);
      } else if (line.startsWith("  id:") || line.startsWith("  label_id:")) {
        String[] tokens = line.strip().split("\\s+");
        int id;
        try {
          id = Integer.parseInt(tokens[tokens.length - 1]);
        } catch (NumberFormatException e) {
          throw new AvaFormatException(file + ":" + (n + 1) + ": not an integer id: " + line.strip());
        }
        if (id < 1) {
          throw new AvaFormatException(file + ":" + (n + 1) + ": class ids start at 1, found " + id);
        }
        if (name == null) {
          throw new AvaFormatException(file + ":" + (n + 1) + ": an id without a name before it");
        }
        names.put(id, name);
        name = null;
      }
    }
    if (names.isEmpty()) {
      throw new AvaFormatException(file + ": no classes (expected name:/id: lines indented by two spaces)");
    }
    return new LabelMap(names);
  }

  /** Class slots 1..max(id). */
  public int slots() {
    return ((TreeMap<Integer, String>) names).lastKey();
  }
}
