package org.constcl.workflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.constcl.transforms.summary.SummaryFiles;
import org.constcl.workflows.console.ExitCodes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code constcl proposals}: a run, its subcommands, and the errors that stop it before it starts. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class ProposalsCommandTest {
  @TempDir static Path dir;
  Path clips;

  @BeforeAll
  void ingestSamples() {
    clips = dir.resolve("clips");
    CliRunner.Result r = CliRunner.run("ingest", "--input", IngestCommandTest.samples().toString(),
        "--output", clips.toString(), "--runner=DirectRunner");
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @Test
  void graphBoxesOnEmbeddedFlinkThenCheckAndRender() throws Exception {
    Path boxes = dir.resolve("graph");
    CliRunner.Result r = CliRunner.run("proposals", "--source", "graph", "--clips", clips.toString(),
        "--output", boxes.toString(), "--frame-stride", "16", "--set", "scales=300,600");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("graph boxes (opencv-4.13.0/ximgproc-graph-segmentation) for 7 of 7 clips")
        .contains("aligned with").contains("config sha256:");
    assertThat(SummaryFiles.read(boxes).path("config").path("params").path("scales").asText()).isEqualTo("300,600");

    CliRunner.Result check = CliRunner.run("proposals", "check", "--clips", clips.toString(), "--boxes", boxes.toString());
    assertThat(check.exitCode()).as(check.err()).isZero();
    assertThat(check.out()).contains("aligned:").contains("7 records");

    Path png = dir.resolve("sheet.png");
    CliRunner.Result render = CliRunner.run("proposals", "render", "--clip", "cup.mp4#0", "--clips", clips.toString(),
        "--boxes", boxes.toString(), "--boxes", boxes.toString(), "--output", png.toString(), "--frames", "3");
    assertThat(render.exitCode()).as(render.err()).isZero();
    byte[] head = Files.readAllBytes(png);
    assertThat(head).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
  }

  @Test
  void sourcesListsEveryParameter() {
    CliRunner.Result r = CliRunner.run("proposals", "sources");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("random  (constcl/random-boxes-v1)").contains("generator").contains("superpixels")
        .contains("scales").contains("min-person-px").contains("top-k");
  }

  @Test
  void configurationErrorsExitWithCode2BeforeAnyPipeline() throws Exception {
    Path out = dir.resolve("never");
    assertUsage(CliRunner.run("proposals", "--source", "edges", "--clips", clips.toString(), "--output", out.toString()),
        "unknown region source 'edges'");
    assertUsage(CliRunner.run("proposals", "--source", "slic", "--clips", clips.toString(), "--output", out.toString(),
        "--set", "colour=lab"), "unknown parameter 'colour' for source slic");
    assertUsage(CliRunner.run("proposals", "--source", "person", "--clips", clips.toString(), "--output", out.toString(),
        "--model", dir.resolve("missing.onnx").toString()), "model not found");
    byte[] junk = new byte[2048];
    new Random(1).nextBytes(junk);
    Path bad = Files.write(dir.resolve("broken.onnx"), junk);
    assertUsage(CliRunner.run("proposals", "--source", "object", "--clips", clips.toString(), "--output", out.toString(),
        "--model", bad.toString()), "cannot load ONNX model");
    assertUsage(CliRunner.run("proposals", "--source", "random", "--clips", dir.resolve("nowhere").toString(),
        "--output", out.toString()), "does not exist");
    assertUsage(CliRunner.run("proposals", "--source", "slic", "--clips", clips.toString(), "--output", out.toString(),
        "--score-threshold", "0.5"), "unknown parameter 'score-threshold' for source slic");
    assertThat(out).doesNotExist();
  }

  private static void assertUsage(CliRunner.Result r, String message) {
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains(message);
    assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
  }
}
