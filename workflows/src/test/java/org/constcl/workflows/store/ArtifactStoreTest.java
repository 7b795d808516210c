package org.constcl.workflows.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.plan.StageInput;
import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.plan.StageKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commit, verification on read, and refusal of anything that could leave the store. */
class ArtifactStoreTest {
  @TempDir Path dir;

  private static StageInstance ingest(int shortSide) {
    ObjectNode config = CanonicalJson.JSON.createObjectNode().put("short_side", shortSide);
    return new StageInstance(StageKind.INGEST, "ingest test", config,
        Map.of("videos", new StageInput.External(Path.of("/videos"), "ab".repeat(32))), "f".repeat(64));
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
    Lookup l = new ArtifactStore(dir).lookup(i, Map.of());
    assertThat(l.hit()).isTrue();
    assertThat(l.reason()).startsWith("hit: artifact " + i.shortKey() + " built by run run-1, 2 files verified");
    assertThat(l.artifact().digest()).isEqualTo(a.digest());
  }

  @Test
  void aMissSaysWhatDiffersFromTheNearestArtifact() throws Exception {
    ArtifactStore store = new ArtifactStore(dir);
    assertThat(store.lookup(ingest(96), Map.of()).reason()).isEqualTo("miss: no ingest artifact in the store yet");
    built(store, ingest(96));
    assertThat(store.lookup(ingest(128), Map.of()).reason())
        .isEqualTo("miss: nearest stored ingest differs in config short_side: 96 -> 128");
  }

  @Test
  void flippedByteTruncationAndExtraFilesAreCorrupt() throws Exception {
    StageInstance i = ingest(96);
    Artifact a = built(new ArtifactStore(dir), i);
    Path f = a.dir().resolve("shards/part-0.parquet");
    byte[] b = Files.readAllBytes(f);
    b[0] ^= 1;
    Files.write(f, b);
    assertThat(new ArtifactStore(dir).lookup(i, Map.of()).reason())
        .contains("is corrupt (file shards/part-0.parquet does not match its recorded SHA-256)");
    Files.write(f, new byte[] {1});
    assertThat(new ArtifactStore(dir).lookup(i, Map.of()).reason()).contains("has 1 bytes, recorded 13");
    b[0] ^= 1;
    Files.write(f, b);
    Files.writeString(a.dir().resolve("extra.txt"), "x");
    assertThat(new ArtifactStore(dir).lookup(i, Map.of()).reason()).contains("unexpected file extra.txt");
  }

  @Test
  void interruptedCommitIsNotAccepted() throws Exception {
    ArtifactStore store = new ArtifactStore(dir);
    StageInstance i = ingest(96);
    Files.createDirectories(store.artifactDir(i));
    Files.writeString(store.artifactDir(i).resolve("_SUMMARY.json"), "{}");
    assertThat(store.lookup(i, Map.of()).reason()).contains("no _ARTIFACT.json (an interrupted commit?)");
    Artifact a = built(store, i); // a rebuild replaces it
    assertThat(new ArtifactStore(dir).lookup(i, Map.of()).hit()).isTrue();
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
    assertThat(new ArtifactStore(dir).lookup(i, Map.of()).reason()).contains("refused path '../../outside.txt': it escapes");
  }

  @Test
  void symbolicLinksInArtifactsAreRefused() throws Exception {
    ArtifactStore store = new ArtifactStore(dir);
    StageInstance i = ingest(96);
    Artifact a = built(store, i);
    Files.createSymbolicLink(a.dir().resolve("link"), Path.of("/etc/hostname"));
    assertThat(new ArtifactStore(dir).lookup(i, Map.of()).reason()).contains("symbolic link link (refused");
  }

  @Test
  void anInputRebuiltWithOtherContentIsAMiss() throws Exception {
    ArtifactStore store = new ArtifactStore(dir);
    StageInstance up = ingest(96);
    Artifact upA = built(store, up);
    StageInstance down = new StageInstance(StageKind.PROPOSALS, "proposals", CanonicalJson.JSON.createObjectNode().put("source", "slic"),
        Map.of("clips", new StageInput.Upstream(up)), "e".repeat(64));
    Path work = store.workDir(down);
    Files.createDirectories(work);
    Files.writeString(work.resolve("_SUMMARY.json"), "{}");
    store.commit(down, work, Map.of("clips", upA), 1, "run-1");
    assertThat(new ArtifactStore(dir).lookup(down, Map.of("clips", upA.digest())).hit()).isTrue();
    assertThat(new ArtifactStore(dir).lookup(down, Map.of("clips", "0".repeat(64))).reason())
        .startsWith("input clips was rebuilt with other content");
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
    Lookup l = b.lookup(i, Map.of());
    assertThat(l.hit()).isTrue();
    assertThat(l.reason()).endsWith("fetched from " + remote.replaceAll("/$", ""));
    assertThat(l.artifact().digest()).isEqualTo(built.digest());
    assertThat(dir.resolve("mirror-b/artifacts/ingest/" + i.key() + "/shards/part-0.parquet")).exists();

    Files.writeString(dir.resolve("remote/artifacts/ingest/" + i.key() + "/shards/part-0.parquet"), "tampered")
    ;
    ArtifactStore c = ArtifactStore.open(remote, dir.resolve("mirror-c"));
    assertThat(c.lookup(i, Map.of()).reason()).contains("is corrupt (file shards/part-0.parquet has 8 bytes, recorded 13)");
    // An upload interrupted before its record was written is not an artifact.
    StageInstance other = ingest(64);
    Files.createDirectories(dir.resolve("remote/artifacts/ingest/" + other.key()));
    Files.writeString(dir.resolve("remote/artifacts/ingest/" + other.key() + "/_SUMMARY.json"), "{}");
    assertThat(ArtifactStore.open(remote, dir.resolve("mirror-d")).lookup(other, Map.of()).hit()).isFalse();
  }
}
