package org.constcl.workflows.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;
import org.constcl.workflows.plan.CanonicalJson;

/**
 * What of a stage's output measures the machine rather than the computation: wall and step times,
 * rates, and TensorBoard event files (every event carries its wall time, the file name its start
 * time). {@link Reexecution} compares such files without these parts and says so; everything else
 * must be equal byte for byte. JSON files compared this way also name the stage's own work folders
 * relative to the folder holding them (the store's {@code work/}, or verify's scratch {@code work/}).
 */
final class TimingFields {
  /** JSON keys that hold times or rates ({@code seconds}, {@code wall_seconds}, {@code frames_per_second}, {@code time/step_ms}, ...). */
  private static final Pattern KEY = Pattern.compile(
      "(?i)(.*seconds|.*per_second|.*_ms|time/.*|throughput/.*|created|started|finished|wall.*)");

  private TimingFields() {}

  /** Whether {@code path} (relative, '/') is a TensorBoard event file, compared by presence only. */
  static boolean isEventFile(String path) {
    return path.matches("(.*/)?events\\.out\\.tfevents\\.[^/]*");
  }

  /** Whether {@code path} may hold timing fields: JSON and JSON-lines files. */
  static boolean mayHoldTimings(String path) {
    return path.endsWith(".json") || path.endsWith(".jsonl");
  }

  /**
   * The file's content without timing fields (canonical JSON per document or line), with the
   * folder {@code workRoot} a stage built in written as {@code <work>}; null when it is not JSON.
   */
  static String withoutTimings(Path file, Path workRoot) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8).replace(workRoot.toString() + "/", "<work>/");
    List<String> out = new ArrayList<>();
    try {
      if (file.getFileName().toString().endsWith(".jsonl")) {
        for (String line : text.split("\n")) {
          if (!line.isBlank()) {
            out.add(strip(CanonicalJson.JSON.readTree(line)).toString());
          }
        }
      } else {
        out.add(strip(CanonicalJson.JSON.readTree(text)).toString());
      }
    } catch (IOException e) {
      return null;
    }
    return String.join("\n", out);
  }

  private static JsonNode strip(JsonNode n) {
    if (n instanceof ObjectNode o) {
      for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        JsonNode v = o.get(k);
        // A reference to a time-stamped event file is a timing too.
        if (KEY.matcher(k).matches() || (v.isTextual() && isEventFile(v.asText()))) {
          it.remove();
        } else {
          strip(v);
        }
      }
    } else if (n != null && n.isArray()) {
      n.forEach(TimingFields::strip);
    }
    return n;
  }
}
