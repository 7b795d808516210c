package org.constcl.eval.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading and writing {@link BenchmarkResult}s: the {@code result} object of a benchmark's {@code
 * metrics.json}, tagged with {@link #SCHEMA} (bumped when a result type changes incompatibly) and
 * the result's {@code type}. Every other key of {@code metrics.json} is detail for people.
 */
public final class BenchmarkResults {
  /** Version of the result schema. */
  public static final String SCHEMA = "constcl.benchmark-result/1";
  /** The file a benchmark run writes last. */
  public static final String FILE = "metrics.json";
  // Field names are the record components' in snake_case. Unknown fields are tolerated on reading, so
  // that a result of another type is reported by its type below.
  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
      .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private BenchmarkResults() {}

  /** {@code result} as the JSON object written under {@code metrics.json}'s {@code result}. */
  public static ObjectNode toJson(BenchmarkResult result) {
    ObjectNode o = JSON.createObjectNode();
    o.put("schema", SCHEMA);
    o.put("type", result.type());
    o.setAll((ObjectNode) JSON.valueToTree(result));
    return o;
  }

  /** The result of type {@code type} in {@code folder/metrics.json}. */
  public static <T extends BenchmarkResult> T read(Path folder, Class<T> type) throws IOException {
    Path file = folder.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException(folder + " holds no " + FILE);
    }
    return fromJson(JSON.readTree(file.toFile()).path("result"), type, file.toString());
  }

  /** The result in a {@code result} object; {@code where} names it in errors. */
  public static <T extends BenchmarkResult> T fromJson(JsonNode result, Class<T> type, String where) throws IOException {
    if (!result.isObject()) {
      throw new IOException(where + " has no result object (written by a constcl older than " + SCHEMA + "?)");
    }
    String schema = result.path("schema").asText();
    if (!schema.equals(SCHEMA)) {
      throw new IOException(where + ": result schema '" + schema + "', this constcl reads " + SCHEMA);
    }
    ObjectNode fields = result.deepCopy();
    fields.remove("schema");
    String found = fields.remove("type") == null ? "" : result.path("type").asText();
    T value = JSON.treeToValue(fields, type);
    if (!found.equals(value.type())) {
      throw new IOException(where + " holds a " + found + " result, not " + value.type());
    }
    return value;
  }
}
