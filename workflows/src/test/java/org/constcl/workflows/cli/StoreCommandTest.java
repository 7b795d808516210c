package org.constcl.workflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.constcl.workflows.console.ExitCodes;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.plan.StageInput;
import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.stage.IngestStage;
import org.constcl.workflows.store.Artifact;
import org.constcl.workflows.store.ArtifactStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCommandTest {
  @TempDir Path dir;

  private Artifact commit(ArtifactStore store, int shortSide) throws Exception {
    ObjectNode config = CanonicalJson.JSON.createObjectNode().put("short_side", shortSide);
    StageInstance i = new StageInstance(new IngestStage(), "ingest " + shortSide, config,
        Map.of("videos", new StageInput.External(Path.of("/videos"), "ab".repeat(32))), "f".repeat(64));
    Path work = store.workDir(i);
    Files.createDirectories(work);
    Files.write(work.resolve("part-0.parquet"), new byte[1000]);
    return store.commit(i, work, Map.of(), 1, "run-1");
  }

  @Test
  void scrubReportsAndQuarantinesCorruptArtifacts() throws Exception {
    ArtifactStore store = new ArtifactStore(dir);
    commit(store, 96);
    Artifact bad = commit(store, 128);
    CliRunner.Result ok = CliRunner.run("store", "scrub", "--store", dir.toString());
    assertThat(ok.exitCode()).as(ok.err()).isEqualTo(ExitCodes.OK);
    assertThat(ok.out()).contains("checked 2 of 2 artifacts, 0.0 MB hashed").contains("all intact");

    byte[] b = Files.readAllBytes(bad.dir().resolve("part-0.parquet"));
    b[3] = 9;
    Files.write(bad.dir().resolve("part-0.parquet"), b);
    CliRunner.Result found = CliRunner.run("store", "scrub", "--store", dir.toString(), "--quarantine");
    assertThat(found.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(found.out()).contains("corrupt ingest/" + bad.dir().getFileName() + " (ingest 128): file part-0.parquet does"
        + " not match its recorded SHA-256; moved to quarantine/ingest/").contains("1 corrupt");
    assertThat(bad.dir()).doesNotExist();
    CliRunner.Result sample = CliRunner.run("store", "scrub", "--store", dir.toString(), "--sample", "1");
    assertThat(sample.out()).contains("checked 1 of 1 artifacts").contains("all intact");
  }

  @Test
  void planAndRunRefuseAnUnknownVerification() {
    CliRunner.Result r = CliRunner.run("plan", "experiments/quickstart.yaml", "--verify", "sometimes");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--verify must be metadata or full, got 'sometimes'");
  }
}
