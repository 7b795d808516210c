package org.constcl.workflows.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.constcl.workflows.store.ArtifactStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How verify compares a stored output folder with the re-executed one. */
class ReexecutionComparisonTest {
  @TempDir Path dir;

  @Test
  void timingFieldsWorkPathsAndEventFilesAsideEveryByteMustMatch() throws Exception {
    Path a = write(dir.resolve("store/work/train/k"), "{\"loss\": 1.5, \"seconds\": 3.2, \"nested\": {\"frames_per_second\": 9},"
        + " \"config\": \"" + dir.resolve("store/work/train/k.scratch/t.yaml") + "\", \"events\": \"events/events.out.tfevents.1.x\"}",
        "{\"step\":1,\"loss\":2.0,\"time/step_ms\":10}\n{\"step\":2,\"loss\":1.0,\"time/step_ms\":12}\n", "events.out.tfevents.1.x");
    Path b = write(dir.resolve("scratch/work/train/k"), "{\"loss\": 1.5, \"seconds\": 4.0, \"nested\": {\"frames_per_second\": 7},"
        + " \"config\": \"" + dir.resolve("scratch/work/train/k.scratch/t.yaml") + "\", \"events\": \"events/events.out.tfevents.2.x\"}",
        "{\"step\":1,\"loss\":2.0,\"time/step_ms\":11}\n{\"step\":2,\"loss\":1.0,\"time/step_ms\":9}\n", "events.out.tfevents.2.x");
    List<String> timing = new ArrayList<>();
    assertThat(compare(a, b, timing)).isNull();
    assertThat(timing).containsExactly("_SUMMARY.json", "events/events.out.tfevents.1.x", "metrics.jsonl");

    // A number that is not a timing differs: named, with both digests.
    Files.writeString(b.resolve("metrics.jsonl"), "{\"step\":1,\"loss\":2.5,\"time/step_ms\":11}\n{\"step\":2,\"loss\":1.0}\n");
    assertThat(compare(a, b, new ArrayList<>())).startsWith("metrics.jsonl (sha256 ").contains("… stored, ").endsWith("… again)");
    // A binary file is compared as bytes only; missing and extra files are named.
    Files.write(a.resolve("w.bin"), new byte[] {1, 2});
    Files.write(b.resolve("w.bin"), new byte[] {1, 2});
    Files.write(b.resolve("extra.bin"), new byte[] {3});
    Files.writeString(b.resolve("metrics.jsonl"), Files.readString(a.resolve("metrics.jsonl")));
    assertThat(compare(a, b, new ArrayList<>())).isEqualTo("extra.bin (not in the stored artifact)");
    Files.delete(b.resolve("extra.bin"));
    Files.delete(b.resolve("w.bin"));
    assertThat(compare(a, b, new ArrayList<>())).isEqualTo("w.bin (not written again)");
  }

  private String compare(Path a, Path b, List<String> timing) throws Exception {
    SortedMap<String, String> x = ArtifactStore.fileDigests(a);
    SortedMap<String, String> y = ArtifactStore.fileDigests(b);
    return Reexecution.firstDifference(a, dir.resolve("store/work"), x, b, dir.resolve("scratch/work"), y, timing);
  }

  private static Path write(Path d, String summary, String metrics, String event) throws Exception {
    Files.createDirectories(d.resolve("events"));
    Files.writeString(d.resolve("_SUMMARY.json"), summary);
    Files.writeString(d.resolve("metrics.jsonl"), metrics);
    Files.writeString(d.resolve("events").resolve(event), "wall time " + event);
    return d;
  }
}
