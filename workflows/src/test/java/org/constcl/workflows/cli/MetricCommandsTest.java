package org.constcl.workflows.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone evaluators: constcl eval ava-map and constcl eval otb-score, JSON on stdout. */
class MetricCommandsTest {
  @TempDir Path dir;

  static Path fixture(String name) {
    return Path.of(System.getProperty("constcl.repo.root", "..")).toAbsolutePath().normalize()
        .resolve("eval/src/test/resources/ava-fixture").resolve(name);
  }

  @Test
  void avaMapPrintsTheOfficialKeys() throws Exception {
    CliRunner.Result r = CliRunner.run("eval", "ava-map", "-l", fixture("action_list.pbtxt").toString(), "-g",
        fixture("gt.csv").toString(), "-d", fixture("pred.csv").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("PascalBoxes_Precision/mAP@0.5IOU").asDouble()).isCloseTo(0.09385521885521886, within(1e-15));
    assertThat(j.get("PascalBoxes_PerformanceByCategory/AP@0.5IOU/action1").asDouble()).isCloseTo(0.17045454545454547,
        within(1e-15));
    CliRunner.Result old = CliRunner.run("eval", "ava-map", "-l", fixture("action_list.pbtxt").toString(), "-g",
        fixture("gt.csv").toString(), "-d", fixture("pred.csv").toString(), "--protocol", "2018", "-e",
        Files.writeString(dir.resolve("ex.csv"), "3reY9zJKhqN,1774\n").toString());
    assertThat(old.exitCode()).as(old.err()).isZero();
    assertThat(new ObjectMapper().readTree(old.out()).get("detections_ignored").asInt()).isEqualTo(10);
    CliRunner.Result bad = CliRunner.run("eval", "ava-map", "-l", fixture("action_list.pbtxt").toString(), "-g",
        fixture("gt.csv").toString(), "-d", Files.writeString(dir.resolve("bad.csv"), "v,1,2\n").toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("bad.csv:1: expected 2, 7 or 8 columns");
  }

  @Test
  void otbScorePrintsCurvesAndWritesPlots() throws Exception {
    Path seq = Files.createDirectories(dir.resolve("OTB/Car"));
    Files.writeString(seq.resolve("groundtruth_rect.txt"), "10\t10\t20\t20\n12\t10\t20\t20\n14\t10\t20\t20\n");
    Path res = Files.createDirectories(dir.resolve("res"));
    Files.writeString(res.resolve("Car.txt"), "10.000,10.000,20.000,20.000\n12.000,10.000,20.000,20.000\n40,40,20,20\n");
    CliRunner.Result r = CliRunner.run("eval", "otb-score", "--groundtruth", dir.resolve("OTB").toString(), "--results",
        res.toString(), "--plots", dir.resolve("plots").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("success_0.5").asDouble()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(j.get("precision_20px").asDouble()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(j.get("success_curve")).hasSize(21);
    assertThat(j.get("precision_curve")).hasSize(51);
    assertThat(dir.resolve("plots/success.png")).exists();
    CliRunner.Result wrong = CliRunner.run("eval", "otb-score", "--groundtruth", dir.resolve("OTB").toString(), "--results",
        res.toString(), "--semantics", "vot");
    assertThat(wrong.exitCode()).isEqualTo(2);
    assertThat(wrong.err()).contains("unknown semantics 'vot'");
  }
}
