package org.constcl.workflows.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.plan.StageInput;
import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.stage.IngestStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookups verified by file metadata (hashing only what changed), full verification, and scrub. */
class MetadataVerificationTest {
  @TempDir Path dir;

  private static StageInstance ingest(int shortSide) {
    ObjectNode config = CanonicalJson.JSON.createObjectNode().put("short_side", shortSide);
    return new StageInstance(new IngestStage(), "ingest " + shortSide, config,
        Map.of("videos", new StageInput.External(Path.of("/videos"), "ab".repeat(32))), "f".repeat(64));
  }

  /** A committed artifact of two files (14 + 4,000 bytes) whose files were last written an hour ago. */
  private Artifact built(StageInstance i) throws Exception {
    ArtifactStore store = new ArtifactStore(dir);
    Path work = store.workDir(i);
    Files.createDirectories(work.resolve("shards"));
    Files.writeString(work.resolve("_SUMMARY.json"), "{\"records\": 7}");
    Files.write(work.resolve("shards/part-0.parquet"), new byte[4000]);
    Artifact a = store.commit(i, work, Map.of(), 1.5, "run-1");
    ageFiles(a.dir(), 3600);
    return a;
  }

  private static void ageFiles(Path d, long seconds) throws Exception {
    FileTime old = FileTime.from(Instant.now().minusSeconds(seconds));
    try (Stream<Path> s = Files.walk(d)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(p, old);
      }
    }
  }

  /** A lookup by a fresh store object (as a new engine process would do it); returns the bytes it hashed. */
  private long lookup(StageInstance i, ArtifactStore.Verification v, Class<?> expected) {
    ArtifactStore store = new ArtifactStore(dir).verification(v);
    assertThat(store.find(i)).isInstanceOf(expected);
    return store.hashedBytes();
  }

  @Test
  void anUnchangedArtifactIsVerifiedWithoutReadingItsBytes() throws Exception {
    StageInstance i = ingest(96);
    built(i);
    // The first lookup hashes what changed since the commit recorded it (here: the ageing).
    assertThat(lookup(i, ArtifactStore.Verification.METADATA, ArtifactStore.Found.Present.class)).isEqualTo(4014);
    assertThat(lookup(i, ArtifactStore.Verification.METADATA, ArtifactStore.Found.Present.class)).isZero();
    assertThat(lookup(i, ArtifactStore.Verification.METADATA, ArtifactStore.Found.Present.class)).isZero();
    assertThat(lookup(i, ArtifactStore.Verification.FULL, ArtifactStore.Found.Present.class)).isEqualTo(4014);
    assertThat(dir.resolve("index/ingest/" + i.key() + ".json")).exists();
  }

  @Test
  void aFileWhoseTimeChangedIsHashedAgainAndStillHits() throws Exception {
    StageInstance i = ingest(96);
    Artifact a = built(i);
    lookup(i, ArtifactStore.Verification.METADATA, ArtifactStore.Found.Present.class);
    Files.setLastModifiedTime(a.dir().resolve("shards/part-0.parquet"), FileTime.from(Instant.now().minusSeconds(60)));
    assertThat(lookup(i, ArtifactStore.Verification.METADATA, ArtifactStore.Found.Present.class)).isEqualTo(4000);
    assertThat(lookup(i, ArtifactStore.Verification.METADATA, ArtifactStore.Found.Present.class)).isZero();
  }

  @Test
  void aFileWrittenJustBeforeItsMetadataWasRecordedIsNotTrusted() throws Exception {
    StageInstance i = ingest(96);
    ArtifactStore store = new ArtifactStore(dir);
    Path work = store.workDir(i);
    Files.createDirectories(work);
    Files.writeString(work.resolve("_SUMMARY.json"), "{}");
    store.commit(i, work, Map.of(), 1, "run-1");
    // Written within the racy window of the commit's record: hashed on every lookup until a
    // lookup records it when it is older than the window.
    assertThat(lookup(i, ArtifactStore.Verification.METADATA, ArtifactStore.Found.Present.class)).isEqualTo(2);
  }

  @Test
  void aByteFlippedWithSizeAndTimeKeptEscapesMetadataButNotFullVerificationOrScrub() throws Exception {
    StageInstance i = ingest(96);
    Artifact a = built(i);
    lookup(i, ArtifactStore.Verification.METADATA, ArtifactStore.Found.Present.class);
    Path f = a.dir().resolve("shards/part-0.parquet");
    FileTime time = Files.getLastModifiedTime(f);
    byte[] b = Files.readAllBytes(f);
    b[17] ^= 1;
    Files.write(f, b); // same inode, same size
    Files.setLastModifiedTime(f, time);
    // The documented limit of metadata verification.
    assertThat(lookup(i, ArtifactStore.Verification.METADATA, ArtifactStore.Found.Present.class)).isZero();
    lookup(i, ArtifactStore.Verification.FULL, ArtifactStore.Found.Corrupt.class);

    StageInstance other = ingest(128);
    built(other);
    ArtifactStore store = new ArtifactStore(dir);
    ArtifactStore.ScrubReport report = store.scrub(0, 1, true);
    assertThat(report.artifacts()).isEqualTo(2);
    assertThat(report.checked()).isEqualTo(2);
    assertThat(report.bytes()).isEqualTo(2 * 4014);
    assertThat(report.corrupt()).singleElement().satisfies(c -> {
      assertThat(c.key()).isEqualTo(i.key());
      assertThat(c.label()).isEqualTo("ingest 96");
      assertThat(c.problem()).isEqualTo("file shards/part-0.parquet does not match its recorded SHA-256");
      assertThat(c.quarantinedTo()).startsWith(dir.resolve("quarantine/ingest"));
      assertThat(c.quarantinedTo().resolve("shards/part-0.parquet")).exists();
    });
    assertThat(store.artifactDir(i)).doesNotExist();
    assertThat(dir.resolve("index/ingest/" + i.key() + ".json")).doesNotExist();
    lookup(i, ArtifactStore.Verification.METADATA, ArtifactStore.Found.Absent.class);
    lookup(other, ArtifactStore.Verification.METADATA, ArtifactStore.Found.Present.class);
    assertThat(new ArtifactStore(dir).scrub(0, 1, true).corrupt()).isEmpty();
  }

  @Test
  void scrubSamplesReproduciblyAndLeavesWhatAnEngineHolds() throws Exception {
    for (int side : List.of(64, 96, 128, 160)) {
      built(ingest(side));
    }
    ArtifactStore store = new ArtifactStore(dir);
    ArtifactStore.ScrubReport sample = store.scrub(2, 7, false);
    assertThat(sample.artifacts()).isEqualTo(4);
    assertThat(sample.checked()).isEqualTo(2);
    assertThat(sample.bytes()).isEqualTo(2 * 4014);

    StageInstance held = ingest(64);
    Files.writeString(store.artifactDir(held).resolve("_SUMMARY.json"), "{\"records\": 8}");
    try (ArtifactStore.BuildLock lock = store.tryLock(held)) {
      assertThat(lock).isNotNull();
      ArtifactStore.ScrubReport r = new ArtifactStore(dir).scrub(0, 1, true);
      assertThat(r.corrupt()).singleElement().satisfies(c -> {
        assertThat(c.problem()).endsWith("(not quarantined: a running engine holds it)");
        assertThat(c.quarantinedTo()).isNull();
      });
    }
    assertThat(store.artifactDir(held)).exists();
  }
}
