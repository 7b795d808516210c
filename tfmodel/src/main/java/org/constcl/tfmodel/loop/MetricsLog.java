package org.constcl.tfmodel.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * The metrics log of every training loop, {@code metrics.jsonl}: one JSON object per step,
 * {@code {"step": N, "loss": …, "learning_rate": …, …}} with {@code step} counting steps done
 * (1-based). A resumed run first drops the lines of steps it will redo (those after its
 * checkpoint), so the file reads as one uninterrupted run.
 */
final class MetricsLog implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final BufferedWriter out;

  MetricsLog(Path file, long resumeStep) throws IOException {
    if (Files.exists(file)) {
      List<String> kept = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        try {
          if (!line.isBlank() && JSON.readTree(line).get("step").asLong() <= resumeStep) {
            kept.add(line);
          }
        } catch (IOException e) {
          // A line cut by a kill: dropped.
        }
      }
      Files.write(file, kept, StandardCharsets.UTF_8);
    }
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  void write(long step, Map<String, Double> values) throws IOException {
    ObjectNode n = JSON.createObjectNode();
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
