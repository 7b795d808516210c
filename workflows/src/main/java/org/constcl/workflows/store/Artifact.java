package org.constcl.workflows.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * A committed, verified artifact: its folder, its {@code _ARTIFACT.json}, and the digest over
 * its files (what downstream instances record as their input).
 */
public record Artifact(Path dir, JsonNode record) {
  public String digest() {
    return record.get("digest").asText();
  }

  public double seconds() {
    return record.path("seconds").asDouble();
  }
}
