package org.constcl.workflows.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.plan.StageInput;
import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.stage.IngestStage;
import org.constcl.workflows.stage.ProposalsStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commit, verification on read, refusal of anything that could leave the store, and the cache checker's reasons. */
class ArtifactStoreTest {
  @TempDir Path dir;

  private static StageInstance ingest(int shortSide) {
    return ingest(shortSide, "f".repeat(64), "ab".repeat(32));
  }

  private static StageInstance ingest(int shortSide, String code, String videos) {
    ObjectNode config = CanonicalJson.JSON.createObjectNode().put("short_side", shortSide);
    return new StageInstance(new IngestStage(), "ingest test", config,
        Map.of("videos", new StageInput.External(Path.of("/videos"), videos)), code);
  }

  /** The cache checker's decision on a fresh store object (nothing remembered). */
  private CacheDecision check(StageInstance i, Map<String, String> inputs) {
    return new CacheChecker(new ArtifactStore(dir)).check(i, inputs);
  }

  private Artifact built(ArtifactStore store, StageInstance i) throws Exception {
    Path work = store.workDir(i);
    Files.createDirectories(work.resolve("shards"));
    Files.writeString(work.resolve("_SUMMARY.json"), "{\"records\": 7}");
    Files.writeString(work.resolve("shards/part-0.parquet"), "parquet bytes");
    return store.commit(i, work, Map.of(), 1.5, "run-1");
  }

  @Test
  void committedArtifactIsAVerifiedHit() throws Exception {
    ArtifactStore store = new ArtifactStore(dir);
    StageInstance i = ingest(96);
    Artifact a = built(store, i);
    assertThat(store.workDir(i)).doesNotExist();
    assertThat(a.dir().resolve(ArtifactStore.RECORD)).exists();
    assertThat(a.record().get("files").has("shards/part-0.parquet")).isTrue();
    CacheDecision l = check(i, Map.of());
    assertThat(l.hit()).isTrue();
    assertThat(l.text()).startsWith("hit: artifact " + i.shortKey() + " built by run run-1, 2 files verified");
    assertThat(l.artifact().digest()).isEqualTo(a.digest());
  }

  @Test
  void aMissHasAReasonFromTheFixedSetAndSaysWhatDiffers() throws Exception {
    ArtifactStore store = new ArtifactStore(dir);
    CacheDecision none = check(ingest(96), Map.of());
    assertThat(none.reason()).isEqualTo(MissReason.NO_ARTIFACT);
    assertThat(none.text()).isEqualTo("miss (no artifact): no ingest artifact in the store yet");
    built(store, ingest(96));
    CacheDecision config = check(ingest(128), Map.of());
    assertThat(config.reason()).isEqualTo(MissReason.CONFIG_CHANGED);
    assertThat(config.differences()).containsExactly("config short_side: 96 -> 128");
    assertThat(config.text()).isEqualTo("miss (config changed): nearest stored ingest differs in config short_side: 96 -> 128");
    CacheDecision code = check(ingest(96, "c".repeat(64), "ab".repeat(32)), Map.of());
    assertThat(code.reason()).isEqualTo(MissReason.CODE_CHANGED);
    assertThat(code.differences()).containsExactly("code fingerprint ffffffffffff -> cccccccccccc");
    CacheDecision input = check(ingest(96, "f".repeat(64), "cd".repeat(32)), Map.of());
    assertThat(input.reason()).isEqualTo(MissReason.INPUT_CHANGED);
    assertThat(input.differences()).singleElement().asString().startsWith("input videos content abababababab -> content cdcdcdcdcdcd");
    // Code and config both differ: the first in the fixed order (code, config, input) names it.
    assertThat(check(ingest(64, "c".repeat(64), "ab".repeat(32)), Map.of()).reason()).isEqualTo(MissReason.CODE_CHANGED);
    // plan and run count them.
    assertThat(CacheChecker.summary(java.util.List.of(none, config, code, input, check(ingest(96), Map.of()))))
        .isEqualTo("cache: 1 hit, 4 misses (1 no artifact, 1 code changed, 1 config changed, 1 input changed)");
  }

  @Test
  void flippedByteTruncationAndExtraFilesAreCorrupt() throws Exception {
    StageInstance i = ingest(96);
    Artifact a = built(new ArtifactStore(dir), i);
    Path f = a.dir().resolve("shards/part-0.parquet");
    byte[] b = Files.readAllBytes(f);
    b[0] ^= 1;
    Files.write(f, b);
    CacheDecision corrupt = check(i, Map.of());
    assertThat(corrupt.reason()).isEqualTo(MissReason.CORRUPT);
    assertThat(corrupt.text()).contains("is corrupt (file shards/part-0.parquet does not match its recorded SHA-256)");
    Files.write(f, new byte[] {1});
    assertThat(check(i, Map.of()).text()).contains("has 1 bytes, recorded 13");
    b[0] ^= 1;
    Files.write(f, b);
    Files.writeString(a.dir().resolve("extra.txt"), "x");
    assertThat(check(i, Map.of()).text()).contains("unexpected file extra.txt");
  }

  @Test
  void interruptedCommitIsNotAccepted() throws Exception {
    ArtifactStore store = new ArtifactStore(dir);
    StageInstance i = ingest(96);
    Files.createDirectories(store.artifactDir(i));
    Files.writeString(store.artifactDir(i).resolve("_SUMMARY.json"), "{}");
    assertThat(check(i, Map.of()).text()).contains("no _ARTIFACT.json (an interrupted commit?)");
    Artifact a = built(store, i); // a rebuild replaces it
    assertThat(check(i, Map.of()).hit()).isTrue();
    assertThat(a.dir()).isEqualTo(store.artifactDir(i));
  }

  @Test
  void pathsThatEscapeTheStoreAreRefused() throws Exception {
    ArtifactStore store = new ArtifactStore(dir);
    assertThatThrownBy(() -> store.runDir("../elsewhere")).isInstanceOf(StoreException.class).hasMessageContaining("refused");
    assertThatThrownBy(() -> store.runDir("/etc")).isInstanceOf(StoreException.class);
    StageInstance i = ingest(96);
    Artifact a = built(store, i);
    // A record that names a file outside its folder is refused, never read.
    Path rec = a.dir().resolve(ArtifactStore.RECORD);
    ObjectNode r = (ObjectNode) CanonicalJson.JSON.readTree(rec.toFile());
    ((ObjectNode) r.get("files")).putObject("../../outside.txt").put("size", 1).put("sha256", "00");
    Files.writeString(rec, r.toString());
    assertThat(check(i, Map.of()).text()).contains("refused path '../../outside.txt': it escapes");
  }

  @Test
  void symbolicLinksInArtifactsAreRefused() throws Exception {
    ArtifactStore store = new ArtifactStore(dir);
    StageInstance i = ingest(96);
    Artifact a = built(store, i);
    Files.createSymbolicLink(a.dir().resolve("link"), Path.of("/etc/hostname"));
    assertThat(check(i, Map.of()).text()).contains("symbolic link link (refused");
  }

  @Test
  void anInputRebuiltWithOtherContentIsAMiss() throws Exception {
    ArtifactStore store = new ArtifactStore(dir);
    StageInstance up = ingest(96);
    Artifact upA = built(store, up);
    StageInstance down = new StageInstance(new ProposalsStage(), "proposals", CanonicalJson.JSON.createObjectNode().put("source", "slic"),
        Map.of("clips", new StageInput.Upstream(up)), "e".repeat(64));
    Path work = store.workDir(down);
    Files.createDirectories(work);
    Files.writeString(work.resolve("_SUMMARY.json"), "{}");
    store.commit(down, work, Map.of("clips", upA), 1, "run-1");
    assertThat(check(down, Map.of("clips", upA.digest())).hit()).isTrue();
    assertThat(check(down, Map.of("clips", "0".repeat(64))).text())
        .startsWith("miss (input changed): input clips was rebuilt with other content");
  }

  @Test
  void aRemoteStoreOnABeamFileSystemIsFetchedAndVerified() throws Exception {
    String remote = dir.resolve("remote").toUri().toString(); // file:///..., through Beam's FileSystems
    StageInstance i = ingest(96);
    ArtifactStore a = ArtifactStore.open(remote, dir.resolve("mirror-a"));
    Artifact built = built(a, i);
    assertThat(dir.resolve("remote/artifacts/ingest/" + i.key() + "/_ARTIFACT.json")).exists();
    assertThat(dir.resolve("remote/artifacts/ingest/" + i.key() + "/shards/part-0.parquet")).exists();

    ArtifactStore b = ArtifactStore.open(remote, dir.resolve("mirror-b"));
    CacheDecision l = new CacheChecker(b).check(i, Map.of());
    assertThat(l.hit()).isTrue();
    assertThat(l.text()).endsWith("fetched from " + remote.replaceAll("/$", ""));
    assertThat(l.artifact().digest()).isEqualTo(built.digest());
    assertThat(dir.resolve("mirror-b/artifacts/ingest/" + i.key() + "/shards/part-0.parquet")).exists();

    Files.writeString(dir.resolve("remote/artifacts/ingest/" + i.key() + "/shards/part-0.parquet"), "tampered")
    ;
    ArtifactStore c = ArtifactStore.open(remote, dir.resolve("mirror-c"));
    assertThat(new CacheChecker(c).check(i, Map.of()).text()).contains("is corrupt (file shards/part-0.parquet has 8 bytes, recorded 13)");
    // An upload interrupted before its record was written is not an artifact.
    StageInstance other = ingest(64);
    Files.createDirectories(dir.resolve("remote/artifacts/ingest/" + other.key()));
    Files.writeString(dir.resolve("remote/artifacts/ingest/" + other.key() + "/_SUMMARY.json"), "{}");
    assertThat(new CacheChecker(ArtifactStore.open(remote, dir.resolve("mirror-d"))).check(other, Map.of()).hit()).isFalse();
  }

  @Test
  void enginesStartingInOneSecondGetRunsOfTheirOwn() throws Exception {
    ArtifactStore store = new ArtifactStore(dir);
    List<Callable<String>> starts = Collections.nCopies(4, () -> store.reserveRun("20261207-000000-two"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    Set<String> names = new TreeSet<>();
    try {
      for (var f : pool.invokeAll(starts)) {
        names.add(f.get());
      }
    } finally {
      pool.shutdown();
    }
    assertThat(names).containsExactly("20261207-000000-two", "20261207-000000-two-2", "20261207-000000-two-3",
        "20261207-000000-two-4");
    assertThat(dir.resolve("runs/20261207-000000-two-4")).isDirectory();

    // Engines with mirrors of their own cannot see each other's folders: on a remote store the name carries a tag.
    String remote = dir.resolve("remote").toUri().toString();
    String a = ArtifactStore.open(remote, dir.resolve("mirror-a")).reserveRun("20261207-000000-two");
    assertThat(a).matches("20261207-000000-two-[0-9a-f]{4}");
    // A run of that name already uploaded (say, from a mirror since deleted) is not reused.
    Files.createDirectories(dir.resolve("remote/runs/" + a));
    Files.writeString(dir.resolve("remote/runs/" + a + "/manifest.json"), "{}");
    assertThat(ArtifactStore.open(remote, dir.resolve("mirror-b")).reserveRun("20261207-000000-two"))
        .isEqualTo(a + "-2");
  }
}
