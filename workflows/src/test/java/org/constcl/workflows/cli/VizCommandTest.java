package org.constcl.workflows.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** constcl viz attention on a real (tiny) pre-training run over the bundled samples. */
class VizCommandTest {
  @TempDir Path dir;

  @Test
  void drawsTheDecodersAttentionOverTheTargetViewsContextFrames() throws Exception {
    Path samples = Path.of(System.getProperty("constcl.repo.root", "..")).resolve("infra/samples/videos");
    Path clips = dir.resolve("clips");
    CliRunner.Result ingest = CliRunner.run("ingest", "--input", samples.toString(), "--output", clips.toString(),
        "--short-side", "96", "--runner=DirectRunner");
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    Path run = dir.resolve("run");
    CliRunner.Result train = CliRunner.run("train", "--preset", "cpu-small", "--clips", clips.toString(), "--output",
        run.toString(), "--steps", "2", "--set", "data.clips_per_batch=2");
    assertThat(train.exitCode()).as(train.err()).isZero();

    Path png = dir.resolve("fig/attention.png");
    CliRunner.Result viz = CliRunner.run("viz", "attention", "--checkpoint", run.toString(), "--clips", clips.toString(),
        "--box", "0.25,0.2,0.75,0.9", "--output", png.toString());
    assertThat(viz.exitCode()).as(viz.err()).isZero();
    // cpu-small: 2 decoder heads x 1 layer; 8 frames -> 4 feature steps, context 3; 64 px -> 2x2 cells.
    assertThat(viz.out()).contains("2 maps over 3 context steps of 2x2 cells");
    assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(4 * 192);
    JsonNode j = new ObjectMapper().readTree(dir.resolve("fig/attention.json").toFile());
    assertThat(j.get("steps").toString()).isEqualTo("[1,2,3]");
    for (JsonNode map : j.get("maps")) {
      assertThat(map).hasSize(12);
      double sum = 0;
      for (JsonNode v : map) {
        assertThat(v.asDouble()).isPositive();
        sum += v.asDouble();
      }
      assertThat(sum).isCloseTo(1.0, within(1e-5)); // a softmax over the target view's memory
    }

    CliRunner.Result bad = CliRunner.run("viz", "attention", "--checkpoint", run.toString(), "--clips", clips.toString(),
        "--box", "0.8,0.2,0.3,0.9", "--output", png.toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--box needs x1,y1,x2,y2");
    CliRunner.Result noClip = CliRunner.run("viz", "attention", "--checkpoint", run.toString(), "--clips", clips.toString(),
        "--clip", "nope#0", "--box", "0.2,0.2,0.5,0.5", "--output", png.toString());
    assertThat(noClip.exitCode()).isEqualTo(2);
    assertThat(noClip.err()).contains("no clip nope#0");
  }
}
