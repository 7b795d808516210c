package org.constcl.workflows.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.plan.StageInput;
import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.stage.IngestStage;
import org.constcl.workflows.stage.ProposalsStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Garbage collection policies over runs' manifests, and what is never removed. */
class StoreGcTest {
  @TempDir Path dir;
  ArtifactStore store;

  private StageInstance ingest(int shortSide) {
    ObjectNode config = CanonicalJson.JSON.createObjectNode().put("short_side", shortSide);
    return new StageInstance(new IngestStage(), "ingest " + shortSide, config,
        Map.of("videos", new StageInput.External(Path.of("/videos"), "ab".repeat(32))), "f".repeat(64));
  }

  private StageInstance proposals(StageInstance clips) {
    return new StageInstance(new ProposalsStage(), "proposals of " + clips.label(), CanonicalJson.JSON.createObjectNode()
        .put("source", "random"), Map.of("clips", new StageInput.Upstream(clips)), "e".repeat(64));
  }

  private Artifact commit(StageInstance i, int bytes, Map<String, Artifact> inputs) throws Exception {
    Path work = store.workDir(i);
    Files.createDirectories(work);
    Files.write(work.resolve("part-0.parquet"), new byte[bytes]);
    return store.commit(i, work, inputs, 1, "r");
  }

  /** A run's manifest as the engine writes it: its experiment, start time and every instance key of its plan. */
  private void run(String id, String experiment, Instant started, StageInstance... used) throws Exception {
    ObjectNode m = CanonicalJson.JSON.createObjectNode();
    m.put("format", 2).put("run", id).put("status", "finished").put("started", started.toString());
    m.putObject("experiment").put("name", experiment);
    ObjectNode instances = m.putObject("instances");
    for (StageInstance i : used) {
      instances.putObject(i.key()).put("kind", i.kind()).put("label", i.label());
    }
    Path d = store.runDir(id);
    Files.createDirectories(d);
    Files.writeString(d.resolve("manifest.json"), CanonicalJson.JSON.writeValueAsString(m));
  }

  @Test
  void keepsWhatKeptRunsReferenceAndTheirInputsAndRemovesTheRest() throws Exception {
    store = new ArtifactStore(dir);
    Instant now = Instant.now().plus(Duration.ofDays(60)); // a collection two months after the builds
    StageInstance a = ingest(96);
    StageInstance b = ingest(128);
    StageInstance c = ingest(160);
    StageInstance pa = proposals(a);
    Artifact aa = commit(a, 1000, Map.of());
    commit(b, 2000, Map.of());
    commit(c, 3000, Map.of());
    commit(pa, 500, Map.of("clips", aa));
    run("r-old", "sweep", now.minus(Duration.ofDays(30)), b);
    run("r-mid", "other", now.minus(Duration.ofDays(10)), c);
    run("r-new", "sweep", now.minus(Duration.ofDays(1)), pa); // its manifest names only the proposals

    StoreGc.Report dry = StoreGc.collect(store, new StoreGc.Policy(1, List.of(), null, false), true, now);
    assertThat(dry.removed()).extracting(StoreGc.Removal::label).containsExactlyInAnyOrder("ingest 128", "ingest 160");
    assertThat(dry.freedBytes()).isGreaterThanOrEqualTo(5000);
    assertThat(store.artifactDir(b)).exists(); // a dry run removes nothing

    // Experiment names keep their most recent run; ages keep what was built or used recently.
    StoreGc.Report kept = StoreGc.collect(store, new StoreGc.Policy(null, List.of("other"), Duration.ofDays(2), false),
        false, now);
    assertThat(kept.removed()).extracting(StoreGc.Removal::label).containsExactly("ingest 128");
    assertThat(store.artifactDir(b)).doesNotExist();
    // The ingest the kept proposals were built from stays, though no manifest names it.
    assertThat(store.artifactDir(a)).exists();
    assertThat(store.artifactDir(pa)).exists();
    assertThat(store.artifactDir(c)).exists();
    assertThat(new ArtifactStore(dir).find(pa)).isInstanceOf(ArtifactStore.Found.Present.class);

    assertThatThrownBy(() -> StoreGc.collect(store, new StoreGc.Policy(null, List.of("nope"), null, false), false, now))
        .hasMessageContaining("--keep-run nope: no run with that id and no run of an experiment with that name");
    assertThatThrownBy(() -> new StoreGc.Policy(null, List.of(), null, false)).hasMessageContaining("say what to keep");
  }

  @Test
  void neverRemovesWhatALiveRunNamesOrWhatAnEngineIsBuilding() throws Exception {
    store = new ArtifactStore(dir);
    Instant now = Instant.now();
    StageInstance a = ingest(96);
    StageInstance b = ingest(128);
    StageInstance c = ingest(160);
    commit(a, 100, Map.of());
    commit(b, 100, Map.of());
    commit(c, 100, Map.of());
    run("r-live", "sweep", now.minus(Duration.ofDays(40)), a);
    try (ArtifactStore.BuildLock live = store.holdRun("r-live");
        ArtifactStore.BuildLock building = store.tryLock(b)) {
      assertThat(store.isLive("r-live")).isTrue();
      StoreGc.Report r = StoreGc.collect(new ArtifactStore(dir), new StoreGc.Policy(0, List.of(), null, false), false, now);
      assertThat(r.liveRuns()).containsExactly("r-live");
      assertThat(r.held()).singleElement().asString().contains("ingest 128");
      assertThat(r.removed()).extracting(StoreGc.Removal::label).containsExactly("ingest 160");
      assertThat(store.artifactDir(a)).exists();
      assertThat(store.artifactDir(b)).exists();
    }
    assertThat(store.isLive("r-live")).isFalse();
    StoreGc.Report after = StoreGc.collect(new ArtifactStore(dir), new StoreGc.Policy(0, List.of(), null, false), false, now);
    assertThat(after.removed()).extracting(StoreGc.Removal::label).containsExactlyInAnyOrder("ingest 96", "ingest 128");
  }

  @Test
  void duCountsBytesPerKindRunAndExperiment() throws Exception {
    store = new ArtifactStore(dir);
    StageInstance a = ingest(96);
    StageInstance pa = proposals(a);
    Artifact aa = commit(a, 10_000, Map.of());
    commit(pa, 3_000, Map.of("clips", aa));
    commit(ingest(200), 7_000, Map.of());
    run("r1", "sweep", Instant.now(), a, pa);
    StoreUsage.Report u = StoreUsage.of(store);
    assertThat(u.total().artifacts()).isEqualTo(3);
    assertThat(u.byKind().get("ingest").artifacts()).isEqualTo(2);
    assertThat(u.byKind().get("ingest").bytes()).isBetween(17_000L, 20_000L); // files plus their records
    assertThat(u.byKind().get("proposals").bytes()).isBetween(3_000L, 5_000L);
    assertThat(u.byExperiment().get("sweep").artifacts()).isEqualTo(2);
    assertThat(u.byRun()).singleElement().satisfies(r -> assertThat(r.referenced().artifacts()).isEqualTo(2));
    assertThat(u.unreferenced().artifacts()).isEqualTo(1);
    assertThat(u.unreferenced().bytes()).isBetween(7_000L, 9_000L);
  }
}
