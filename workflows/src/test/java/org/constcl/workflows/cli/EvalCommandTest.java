package org.constcl.workflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.constcl.transforms.testing.TestVideos;
import org.constcl.workflows.console.ExitCodes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code constcl datasets make-speed-direction} and {@code constcl eval} through the command line:
 * an official-layout dataset read, ingested and evaluated from a random-init backbone; missing
 * videos; argument errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(600)
class EvalCommandTest {
  @TempDir static Path dir;
  Path benchmark;

  @BeforeAll
  void makeBenchmark() {
    benchmark = dir.resolve("sd");
    CliRunner.Result r = CliRunner.run("datasets", "make-speed-direction", "--videos", TestVideos.folder().toString(),
        "--output", benchmark.toString(), "--windows", "1");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("30 train and 12 test clips, 6 classes");
  }

  private CliRunner.Result finetune(Path out, String... extra) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("eval", "finetune", "--dataset",
        benchmark.toString(), "--format", "ucf101", "--random-init", "tiny", "--epochs", "1", "--batch", "6",
        "--frames", "4", "--train-size", "32", "--test-size", "32", "--test-clips", "2", "--test-crops", "1",
        "--output", out.toString(), "--runner=DirectRunner"));
    args.addAll(java.util.List.of(extra));
    return CliRunner.run(args.toArray(new String[0]));
  }

  @Test
  void anOfficialLayoutIsIngestedTrainedAndScored() throws Exception {
    Path out = dir.resolve("ft");
    CliRunner.Result r = finetune(out);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("finetune tiny on ucf101/split1 (random init): top-1").contains("over 12 test videos");
    JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertThat(m.get("scored_videos").asInt()).isEqualTo(12);
    assertThat(m.get("init").asText()).isEqualTo("random");
    assertThat(m.get("class_names").get(5).asText()).isEqualTo("speed4x_reverse");
    assertThat(Files.isRegularFile(out.resolve("clips/_SUMMARY.json"))).isTrue();
  }

  @Test
  void missingVideosStopTheRunUnlessAllowed() throws Exception {
    Path copy = dir.resolve("sd-missing");
    try (var s = Files.walk(benchmark)) {
      for (Path p : s.toList()) {
        Path t = copy.resolve(benchmark.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    String firstTest = Files.readAllLines(copy.resolve("ucfTrainTestlist/testlist01.txt")).get(0);
    Files.delete(copy.resolve(firstTest));
    Path saved = benchmark;
    benchmark = copy;
    try {
      CliRunner.Result r = finetune(dir.resolve("m1"));
      assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains("1 of 42 videos named by the split files do not exist: " + firstTest)
          .contains("--allow-missing");
      CliRunner.Result ok = finetune(dir.resolve("m2"), "--allow-missing");
      assertThat(ok.exitCode()).as(ok.err()).isZero();
      assertThat(ok.err()).contains("warning: ucf101/split1: 1 of 42 videos");
      assertThat(ok.out()).contains("over 11 test videos");
    } finally {
      benchmark = saved;
    }
  }

  @Test
  void argumentErrorsExitWithTwo() {
    CliRunner.Result both = CliRunner.run("eval", "linear", "--dataset", benchmark.toString(), "--output",
        dir.resolve("e1").toString());
    assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err()).contains("give exactly one of --checkpoint <run> and --random-init <spec>");
    CliRunner.Result format = CliRunner.run("eval", "linear", "--dataset", benchmark.toString(), "--format", "ava",
        "--random-init", "tiny", "--output", dir.resolve("e2").toString());
    assertThat(format.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(format.err()).contains("(--format) must be one of ucf101, hmdb51, kinetics, not ava");
    CliRunner.Result ckpt = CliRunner.run("eval", "linear", "--dataset", benchmark.toString(), "--checkpoint",
        benchmark.toString(), "--output", dir.resolve("e3").toString());
    assertThat(ckpt.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(ckpt.err()).contains("is neither a constcl training run");
    CliRunner.Result notClips = CliRunner.run("eval", "linear", "--dataset", benchmark.toString(), "--random-init", "tiny",
        "--output", dir.resolve("e4").toString(), "--runner=DirectRunner");
    assertThat(notClips.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(notClips.err()).contains(benchmark.toString());
  }
}
