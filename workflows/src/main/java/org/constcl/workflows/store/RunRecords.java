package org.constcl.workflows.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.constcl.workflows.plan.CanonicalJson;

/** The runs a store remembers ({@code runs/<id>/manifest.json}): what each used, when, and whether it is running now. */
public final class RunRecords {
  /**
   * One run.
   *
   * @param keys every instance key its plan named (built, cached or failed: all an engine may read)
   * @param live whether a process holds it now ({@link ArtifactStore#holdRun})
   */
  public record Run(String id, String experiment, Instant started, String status, Set<String> keys, boolean live) {}

  private RunRecords() {}

  /** Every run with a readable manifest, newest first; unreadable manifests are listed in {@code problems}. */
  public static List<Run> list(ArtifactStore store, List<String> problems) {
    Path runs = store.root().resolve("runs");
    List<Run> out = new ArrayList<>();
    if (!Files.isDirectory(runs)) {
      return out;
    }
    List<Path> dirs;
    try (Stream<Path> s = Files.list(runs)) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new StoreException("cannot list " + runs + ": " + e.getMessage(), e);
    }
    for (Path d : dirs) {
      String id = d.getFileName().toString();
      boolean live = store.isLive(id);
      Path manifest = d.resolve("manifest.json");
      try {
        JsonNode m = CanonicalJson.JSON.readTree(manifest.toFile());
        Set<String> keys = new LinkedHashSet<>();
        m.path("instances").fieldNames().forEachRemaining(keys::add);
        Instant started = m.hasNonNull("started") ? Instant.parse(m.get("started").asText())
            : Files.getLastModifiedTime(manifest).toInstant();
        out.add(new Run(id, m.path("experiment").path("name").asText("?"), started, m.path("status").asText("?"), keys, live));
      } catch (IOException | RuntimeException e) {
        if (live) {
          // A live run whose manifest cannot be read keeps everything: nothing says what it uses.
          out.add(new Run(id, "?", Instant.now(), "running", null, true));
        }
        problems.add(manifest + ": " + (Files.exists(manifest) ? "unreadable (" + e.getMessage() + ")" : "missing"));
      }
    }
    out.sort(Comparator.comparing(Run::started).reversed().thenComparing(Run::id));
    return out;
  }
}
