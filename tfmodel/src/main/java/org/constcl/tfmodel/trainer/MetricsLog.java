package org.constcl.tfmodel.trainer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.jsonl}: one JSON object per step. A resumed run first drops the lines of steps
 * it will redo (those after its checkpoint), so the file reads as one uninterrupted run.
 */
final class MetricsLog implements AutoCloseable {
  static final String FILE = "metrics.jsonl";
  private final BufferedWriter out;

  MetricsLog(Path output, long resumeStep) throws IOException {
    Path f = output.resolve(FILE);
    if (Files.exists(f)) {
      List<String> kept = new ArrayList<>();
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        try {
          if (!line.isBlank() && ConfigTree.JSON.readTree(line).get("step").asLong() < resumeStep) {
            kept.add(line);
          }
        } catch (IOException e) {
          // A line cut by a kill: dropped.
        }
      }
      Files.write(f, kept, StandardCharsets.UTF_8);
    }
    this.out = Files.newBufferedWriter(f, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  void write(long step, Map<String, Double> values) throws IOException {
    ObjectNode n = ConfigTree.JSON.createObjectNode();
    n.put("step", step);
    values.forEach(n::put);
    out.write(n.toString());
    out.newLine();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
