package org.constcl.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/**
 * A validated experiment: the merged tree (after extends and overrides), where each value was
 * written, the files it was read from, and its grid expanded into cells.
 */
public record Experiment(Path file, List<Path> files, List<String> overrides, LocatedTree tree, List<Cell> cells) {
  public String name() {
    return tree.root().get("name").asText();
  }

  /** The operational settings (runner:), empty when absent. */
  public JsonNode runner() {
    return tree.root().path("runner");
  }

  /**
   * A path written in the experiment, resolved against the folder of the file that wrote it
   * ({@code --set} values against the working directory).
   */
  public Path resolvePath(String dottedKey, String value) {
    return resolve(tree, dottedKey, value);
  }

  static Path resolve(LocatedTree tree, String dottedKey, String value) {
    Location at = tree.locate(dottedKey);
    Path p = Path.of(value);
    if (p.isAbsolute() || at.line() == 0) {
      return p.toAbsolutePath().normalize();
    }
    return Path.of(at.source()).toAbsolutePath().resolveSibling(p).normalize();
  }
}
