package org.constcl.workflows.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.constcl.workflows.console.Console;

/** Prints the rejects part of a dataset summary: counts by reason, where they are, a few examples. */
final class RejectReport {
  private static final int SHOWN = 10;

  private RejectReport() {}

  static void print(Console console, JsonNode rejects, Path dataset) {
    if (rejects.get("count").asLong() == 0) {
      return;
    }
    List<String> reasons = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = rejects.get("by_reason").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      reasons.add(e.getKey() + " " + e.getValue().asLong());
    }
    console.out().printf("rejected %d: %s (details: %s)%n", rejects.get("count").asLong(),
        String.join(", ", reasons), dataset.resolve(rejects.get("file").asText()));
    int shown = 0;
    for (JsonNode r : rejects.get("examples")) {
      if (shown++ == SHOWN) {
        console.out().println("  ...");
        break;
      }
      console.out().printf("  %s: %s: %s%n", r.get("uri").asText(), r.get("reason").asText(), r.get("detail").asText());
    }
  }
}
