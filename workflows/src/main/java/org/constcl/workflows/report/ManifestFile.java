package org.constcl.workflows.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.constcl.workflows.plan.CanonicalJson;

/** A manifest read from a file or a run folder, optionally narrowed to one cell ({@code path#cell-id}). */
public record ManifestFile(Path path, JsonNode json, String cell) {
  /** Reads {@code spec}: a manifest.json, a run folder holding one, either with {@code #cell-id}. */
  public static ManifestFile read(String spec) {
    String cell = null;
    String p = spec;
    int hash = spec.lastIndexOf('#');
    if (hash > 0) {
      cell = spec.substring(hash + 1);
      p = spec.substring(0, hash);
    }
    Path path = Path.of(p);
    if (Files.isDirectory(path)) {
      path = path.resolve("manifest.json");
    }
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(spec + ": no manifest there (give a manifest.json or a run folder)");
    }
    JsonNode json;
    try {
      json = CanonicalJson.JSON.readTree(path.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(path + " is not a readable manifest: " + e.getMessage());
    }
    if (json == null || !json.has("cells") || !json.has("instances")) {
      throw new IllegalArgumentException(path + " is not a constcl manifest (no cells and instances)");
    }
    if (cell != null && cellNode(json, cell) == null) {
      throw new IllegalArgumentException(spec + ": no cell '" + cell + "' in " + path + " (cells: " + cellIds(json) + ")");
    }
    return new ManifestFile(path, json, cell);
  }

  static JsonNode cellNode(JsonNode manifest, String id) {
    for (JsonNode c : manifest.get("cells")) {
      if (c.get("id").asText().equals(id)) {
        return c;
      }
    }
    return null;
  }

  static String cellIds(JsonNode manifest) {
    java.util.List<String> ids = new java.util.ArrayList<>();
    manifest.get("cells").forEach(c -> ids.add(c.get("id").asText()));
    return String.join(", ", ids);
  }

  public JsonNode instance(String key) {
    return json.get("instances").path(key);
  }
}
