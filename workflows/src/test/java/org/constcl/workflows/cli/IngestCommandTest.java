package org.constcl.workflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.constcl.transforms.summary.SummaryFiles;
import org.constcl.transforms.testing.TestVideos;
import org.constcl.workflows.console.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class IngestCommandTest {
  @TempDir Path dir;

  /** The bundled sample videos (what the README's first command ingests). */
  static Path samples() {
    Path root = Path.of(System.getProperty("constcl.repo.root", "..")).toAbsolutePath().normalize();
    return root.resolve("infra/samples/videos");
  }

  @Test
  @Timeout(300)
  void ingestsTheBundledSamplesOnEmbeddedFlink() throws Exception {
    Path out = dir.resolve("clips");
    CliRunner.Result r = CliRunner.run("ingest", "--input", samples().toString(), "--output", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("ingested 5 of 5 videos into 7 records").contains("digest sha256:");
    JsonNode summary = SummaryFiles.read(out);
    assertThat(summary.get("records").asInt()).isEqualTo(7);
    assertThat(summary.get("short_records").asInt()).isEqualTo(2);
    // Embedded Flink with one worker per core: at least two shards per worker, all present.
    int shards = summary.get("shards").get("count").asInt();
    assertThat(shards).isGreaterThanOrEqualTo(2 * Runtime.getRuntime().availableProcessors());
    for (JsonNode file : summary.get("shards").get("files")) {
      assertThat(out.resolve(file.get("name").asText())).exists();
    }
    assertThat(summary.get("shards").get("files")).hasSize(shards);
  }

  @Test
  @Timeout(300)
  void reportsRejectsAndStillSucceeds() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.copy(TestVideos.get("g1.avi"), in.resolve("g1.avi"));
    Files.writeString(in.resolve("notes.mp4"), "not a video");
    CliRunner.Result r = CliRunner.run("ingest", "--input", in.toString(), "--output", dir.resolve("out").toString(),
        "--runner=DirectRunner");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("ingested 1 of 2 videos").contains("rejected 1: not_a_media_file 1")
        .contains("notes.mp4: not_a_media_file: FFmpeg cannot open it as a media file");
  }

  private void assertUsageError(String expectedMessage, String... args) {
    CliRunner.Result r = CliRunner.run(args);
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().strip()).startsWith("constcl ingest: ").contains(expectedMessage).doesNotContain("\n");
  }

  @Test
  void invalidArgumentsFailBeforeAnythingRuns() throws Exception {
    String out = dir.resolve("out").toString();
    String in = samples().toString();
    assertUsageError("Missing required option", "ingest", "--output", out);
    assertUsageError("no such file or directory", "ingest", "--input", dir.resolve("nope").toString(), "--output", out);
    assertUsageError("short side must be 0", "ingest", "--input", in, "--output", out, "--short-side", "255");
    assertUsageError("JPEG quality must be 1 to 100", "ingest", "--input", in, "--output", out, "--jpeg-quality", "0");
    assertUsageError("Invalid value for option '--max-segment-frames'", "ingest", "--input", in, "--output", out,
        "--max-segment-frames", "many");
    assertUsageError("unknown argument 'extra'", "ingest", "--input", in, "--output", out, "extra");
    assertUsageError("unknown option --noSuchBeamOption", "ingest", "--input", in, "--output", out,
        "--noSuchBeamOption=1");
    assertUsageError("unknown runner 'SparkRunner'", "ingest", "--input", in, "--output", out, "--runner", "SparkRunner");
    assertUsageError("needs the shaded job jar staged", "ingest", "--input", in, "--output", out,
        "--flinkMaster", "127.0.0.1:1");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void anUnreadableOrInvalidManifestFailsWithFileAndLine() throws Exception {
    String out = dir.resolve("out").toString();
    assertUsageError("manifest not found", "ingest", "--input", dir.resolve("missing.csv").toString(), "--output", out);
    Path bad = Files.writeString(dir.resolve("bad.csv"), "a.mp4,x,train,zero,1\n");
    assertUsageError("bad.csv:1: start_sec 'zero' is not a number", "ingest", "--input", bad.toString(), "--output", out);
  }

  @Test
  void aNonEmptyOutputNeedsOverwrite() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve("x"), "x");
    assertUsageError("is not empty", "ingest", "--input", samples().toString(), "--output", out.toString(),
        "--runner=DirectRunner");
  }
}
