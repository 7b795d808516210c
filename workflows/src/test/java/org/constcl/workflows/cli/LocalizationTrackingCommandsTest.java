package org.constcl.workflows.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.constcl.transforms.testing.TestVideos;
import org.constcl.workflows.console.ExitCodes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code constcl eval ava} and {@code constcl eval track} end to end on sets generated from the real
 * videos, from a real (2-step, cpu-small) pre-training run and from a random init: fine-tuning,
 * scoring, every output file, cross-checks against the standalone scorers, determinism, bad input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(900)
class LocalizationTrackingCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  Path run;

  @BeforeAll
  void pretrain() {
    Path samples = Path.of(System.getProperty("constcl.repo.root", "..")).resolve("infra/samples/videos");
    Path clips = dir.resolve("clips");
    CliRunner.Result ingest = CliRunner.run("ingest", "--input", samples.toString(), "--output", clips.toString(),
        "--short-side", "96", "--runner=DirectRunner");
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    run = dir.resolve("run");
    CliRunner.Result train = CliRunner.run("train", "--preset", "cpu-small", "--clips", clips.toString(), "--output",
        run.toString(), "--steps", "2", "--set", "data.clips_per_batch=2");
    assertThat(train.exitCode()).as(train.err()).isZero();
  }

  private CliRunner.Result ava(Path set, Path out, String... init) {
    List<String> args = new ArrayList<>(List.of("eval", "ava", "--dataset", set.toString(), "--fps", "6", "--epochs", "2",
        "--batch", "4", "--frames", "4", "--size", "64", "--threads", "2", "--output", out.toString()));
    args.addAll(List.of(init));
    return CliRunner.run(args.toArray(new String[0]));
  }

  @Test
  void avaFineTunesScoresAndAgreesWithTheStandaloneEvaluator() throws Exception {
    Path set = dir.resolve("ava");
    CliRunner.Result made = CliRunner.run("datasets", "make-ava", "--videos", TestVideos.folder().toString(), "--output",
        set.toString(), "--keyframes", "3", "--fps", "6", "--short-side", "96");
    assertThat(made.exitCode()).as(made.err()).isZero();

    CliRunner.Result pre = ava(set, dir.resolve("ava-pre"), "--checkpoint", run.toString());
    assertThat(pre.exitCode()).as(pre.err()).isZero();
    assertThat(pre.out()).contains("ava small (pre-trained init): frame mAP@0.5");
    CliRunner.Result rnd = ava(set, dir.resolve("ava-rnd"), "--random-init", "small");
    assertThat(rnd.exitCode()).as(rnd.err()).isZero();

    JsonNode m = JSON.readTree(dir.resolve("ava-pre/metrics.json").toFile());
    assertThat(m.get("init").asText()).isEqualTo("pretrained");
    assertThat(m.get("checkpoint_sha256").asText()).startsWith("sha256:");
    assertThat(m.get("head").get("decoder").asText()).isEqualTo("3 layers x 3 units x 128");
    assertThat(m.get("ap").size()).isEqualTo(5);
    assertThat(m.get("mAP").asDouble()).isBetween(0.0, 1.0);
    assertThat(m.get("person_boxes").asText()).contains("ava_val_predicted_boxes.csv");
    assertThat(JSON.readTree(dir.resolve("ava-rnd/metrics.json").toFile()).get("init").asText()).isEqualTo("random");
    // Every scored box gets one row per class; the train log has one line per step.
    long rows = Files.readAllLines(dir.resolve("ava-pre/detections.csv")).size();
    assertThat(rows).isEqualTo(m.get("detections").asLong()).isPositive();
    assertThat(rows % 5).isZero();
    assertThat(Files.readAllLines(dir.resolve("ava-pre/metrics.jsonl"))).hasSize(m.get("steps").asInt());
    assertThat(dir.resolve("ava-pre/checkpoints/step-" + String.format("%09d", m.get("steps").asInt()) + "/variables.index"))
        .exists();
    // The typed result, as the engine reads it.
    assertThat(m.get("result").get("type").asText()).isEqualTo("localization");
    assertThat(m.get("result").get("mean_ap").asDouble()).isEqualTo(m.get("mAP").asDouble());
    assertThat(ImageIO.read(dir.resolve("ava-pre/training_loss.png").toFile()).getWidth()).isEqualTo(640);
    // A bar per class (22 px each up to 20 classes) below the title, the AP axis and above the legend.
    assertThat(ImageIO.read(dir.resolve("ava-pre/ap_per_class.png").toFile()).getHeight()).isEqualTo(110 + 5 * 22);
    assertThat(dir.resolve("ava-pre/ap_per_class.svg")).isNotEmptyFile();
    assertThat(dir.resolve("ava-pre/training_loss.svg")).isNotEmptyFile();

    // The written detections scored by the standalone evaluator give the run's mAP.
    Path ann = set.resolve("annotations");
    CliRunner.Result map = CliRunner.run("eval", "ava-map", "-l", ann.resolve("ava_action_list_v2.2.pbtxt").toString(), "-g",
        ann.resolve("ava_val_v2.2.csv").toString(), "-d", dir.resolve("ava-pre/detections.csv").toString());
    assertThat(map.exitCode()).as(map.err()).isZero();
    assertThat(JSON.readTree(map.out()).get("PascalBoxes_Precision/mAP@0.5IOU").asDouble())
        .isCloseTo(m.get("mAP").asDouble(), within(1e-4)); // scores are written with 6 decimals

    // Seeded runs on CPU give identical detections.
    CliRunner.Result again = ava(set, dir.resolve("ava-pre2"), "--checkpoint", run.toString());
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(Files.readString(dir.resolve("ava-pre2/detections.csv"))).isEqualTo(Files.readString(dir.resolve("ava-pre/detections.csv")));

    // Ground-truth person boxes instead of the detector's.
    CliRunner.Result gt = ava(set, dir.resolve("ava-gt"), "--random-init", "small", "--person-boxes", "gt");
    assertThat(gt.exitCode()).as(gt.err()).isZero();
    assertThat(JSON.readTree(dir.resolve("ava-gt/metrics.json").toFile()).get("person_boxes").asText()).isEqualTo("ground truth");

    // A step count instead of epochs (the reference's schedule is 50000 steps at batch 256).
    CliRunner.Result steps = ava(set, dir.resolve("ava-steps"), "--random-init", "small", "--person-boxes", "gt", "--steps", "5");
    assertThat(steps.exitCode()).as(steps.err()).isZero();
    assertThat(JSON.readTree(dir.resolve("ava-steps/metrics.json").toFile()).get("steps").asInt()).isEqualTo(5);
    assertThat(Files.readAllLines(dir.resolve("ava-steps/metrics.jsonl"))).hasSize(5);

    CliRunner.Result noMap = ava(set, dir.resolve("ava-bad"), "--random-init", "small", "--label-map", dir.resolve("nope.pbtxt").toString());
    assertThat(noMap.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noMap.err()).contains("nope.pbtxt: no such file");
    Path broken = Files.writeString(dir.resolve("broken.csv"), "synth00_box,0902,0.9,0.1,0.2,0.5,1,0\n");
    CliRunner.Result badBox = ava(set, dir.resolve("ava-bad2"), "--random-init", "small", "--train-csv", broken.toString());
    assertThat(badBox.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badBox.err()).contains("broken.csv:1: box 0.9,0.1,0.2,0.5 is not inside [0, 1] with x1 < x2");
  }

  private CliRunner.Result track(Path otb, Path got, Path out, String... init) {
    List<String> args = new ArrayList<>(List.of("eval", "track", "--sequences", otb.toString(), "--train", got.toString(),
        "--epochs", "2", "--pairs-per-epoch", "8", "--batch", "4", "--exemplar-size", "63", "--search-size", "127",
        "--threads", "2", "--output", out.toString()));
    args.addAll(List.of(init));
    return CliRunner.run(args.toArray(new String[0]));
  }

  @Test
  void trackFineTunesOnGot10kAndRunsOpeOnOtbSequences() throws Exception {
    Path otb = dir.resolve("otb");
    Path got = dir.resolve("got");
    assertThat(CliRunner.run("datasets", "make-tracking", "--videos", TestVideos.folder().toString(), "--output", otb.toString(),
        "--frames", "24").exitCode()).isZero();
    assertThat(CliRunner.run("datasets", "make-tracking", "--videos", TestVideos.folder().toString(), "--output", got.toString(),
        "--frames", "24", "--layout", "got10k", "--seed", "2").exitCode()).isZero();

    CliRunner.Result pre = track(otb, got.resolve("train"), dir.resolve("trk-pre"), "--checkpoint", run.toString());
    assertThat(pre.exitCode()).as(pre.err()).isZero();
    assertThat(pre.out()).contains("track small (pre-trained init): AUC").contains("frames/s after 4 fine-tuning steps");
    // A generated GOT-10k root (its split in train/) reads as that split.
    CliRunner.Result rnd = track(otb, got, dir.resolve("trk-rnd"), "--random-init", "small");
    assertThat(rnd.exitCode()).as(rnd.err()).isZero();

    Path out = dir.resolve("trk-pre");
    JsonNode m = JSON.readTree(out.resolve("metrics.json").toFile());
    assertThat(m.get("init").asText()).isEqualTo("pretrained");
    assertThat(m.get("semantics").asText()).isEqualTo("otb");
    assertThat(m.get("frames_per_second").asDouble()).isPositive();
    assertThat(m.get("success_curve")).hasSize(21);
    assertThat(m.get("auc").asDouble()).isBetween(0.0, 1.0);
    List<String> sequences;
    try (var s = Files.list(out.resolve("results/otb"))) {
      sequences = s.map(p -> p.getFileName().toString().replace(".txt", "")).sorted().toList();
    }
    assertThat(sequences).hasSize(m.get("sequences").asInt()).isNotEmpty();
    for (String seq : sequences) {
      List<String> oneBased = Files.readAllLines(out.resolve("results/otb/" + seq + ".txt"));
      List<String> zeroBased = Files.readAllLines(out.resolve("results/got10k/" + seq + "/" + seq + "_001.txt"));
      assertThat(oneBased).hasSize(24).hasSameSizeAs(zeroBased);
      assertThat(Files.readAllLines(out.resolve("results/got10k/" + seq + "/" + seq + "_time.txt"))).hasSize(24);
      // Frame 1 is the ground truth the tracker started from, in both layouts' conventions.
      String[] gt = Files.readAllLines(otb.resolve(seq + "/groundtruth_rect.txt")).get(0).split("[,\\s]+");
      String[] first = oneBased.get(0).split(",");
      String[] firstZero = zeroBased.get(0).split(",");
      assertThat(Double.parseDouble(first[0])).isCloseTo(Double.parseDouble(gt[0]), within(1e-3));
      assertThat(Double.parseDouble(firstZero[0])).isCloseTo(Double.parseDouble(gt[0]) - 1, within(1e-3));
    }
    // The standalone scorer on the written results gives the run's numbers.
    CliRunner.Result score = CliRunner.run("eval", "otb-score", "--groundtruth", otb.toString(), "--results",
        out.resolve("results/otb").toString());
    assertThat(score.exitCode()).as(score.err()).isZero();
    assertThat(JSON.readTree(score.out()).get("auc").asDouble()).isCloseTo(m.get("auc").asDouble(), within(1e-9));
    assertThat(ImageIO.read(out.resolve("success.png").toFile()).getHeight()).isEqualTo(480);
    assertThat(ImageIO.read(out.resolve("precision.png").toFile()).getHeight()).isEqualTo(480);
    assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).hasSize(4);
    assertThat(m.get("result").get("type").asText()).isEqualTo("tracking");
    assertThat(m.get("result").get("auc").asDouble()).isEqualTo(m.get("auc").asDouble());

    // Seeded fine-tuning on CPU gives the same tracks.
    CliRunner.Result again = track(otb, got.resolve("train"), dir.resolve("trk-pre2"), "--checkpoint", run.toString());
    assertThat(again.exitCode()).as(again.err()).isZero();
    for (String seq : sequences) {
      assertThat(Files.readString(dir.resolve("trk-pre2/results/otb/" + seq + ".txt")))
          .isEqualTo(Files.readString(out.resolve("results/otb/" + seq + ".txt")));
    }

    CliRunner.Result noSeq = track(dir.resolve("nowhere"), got.resolve("train"), dir.resolve("trk-bad"), "--random-init", "small");
    assertThat(noSeq.exitCode()).isNotZero();
    assertThat(noSeq.err()).contains("nowhere: no such ground-truth file or folder");
    CliRunner.Result both = track(otb, got.resolve("train"), dir.resolve("trk-bad2"));
    assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err()).contains("give exactly one of --checkpoint <run> and --random-init <spec>");
  }

  @Test
  void propagateAndZeroShotTrackRunFromTheCommandLine() throws Exception {
    Path davis = dir.resolve("davis");
    CliRunner.Result made = CliRunner.run("datasets", "make-davis", "--videos", TestVideos.folder().toString(), "--output",
        davis.toString(), "--frames", "6", "--short-side", "64");
    assertThat(made.exitCode()).as(made.err()).isZero();
    assertThat(made.out()).contains("(DAVIS-2017 layout)").contains("with 2 objects");
    CliRunner.Result prop = CliRunner.run("eval", "propagate", "--davis", davis.toString(), "--checkpoint", run.toString(),
        "--size", "64", "--context", "3", "--threads", "2", "--output", dir.resolve("prop").toString());
    assertThat(prop.exitCode()).as(prop.err()).isZero();
    assertThat(prop.out()).contains("propagation small on davis (pre-trained init): J&F");
    JsonNode m = JSON.readTree(dir.resolve("prop/metrics.json").toFile());
    assertThat(m.get("result").get("type").asText()).isEqualTo("propagation");
    assertThat(m.get("frames").asInt()).isEqualTo(8); // the pre-training's clip length by default
    assertThat(m.get("init").asText()).isEqualTo("pretrained");
    // The id works as an alias of the verb.
    CliRunner.Result alias = CliRunner.run("eval", "propagation", "--davis", davis.toString(), "--random-init", "small",
        "--size", "64", "--frames", "2", "--threads", "2", "--output", dir.resolve("prop-rnd").toString());
    assertThat(alias.exitCode()).as(alias.err()).isZero();
    CliRunner.Result noDavis = CliRunner.run("eval", "propagate", "--davis", dir.resolve("nope").toString(), "--random-init",
        "small", "--output", dir.resolve("prop-bad").toString());
    assertThat(noDavis.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noDavis.err()).contains("is not a DAVIS-2017 folder");

    Path otb = dir.resolve("otb-zs");
    assertThat(CliRunner.run("datasets", "make-tracking", "--videos", TestVideos.folder().toString(), "--output", otb.toString(),
        "--frames", "12").exitCode()).isZero();
    CliRunner.Result zs = CliRunner.run("eval", "track", "--sequences", otb.toString(), "--checkpoint", run.toString(),
        "--zero-shot", "--clip-frames", "4", "--exemplar-size", "63", "--search-size", "127", "--threads", "2", "--output",
        dir.resolve("zs").toString());
    assertThat(zs.exitCode()).as(zs.err()).isZero();
    assertThat(zs.out()).contains("after 0 fine-tuning steps");
    assertThat(JSON.readTree(dir.resolve("zs/settings.json").toFile()).get("tracker").get("clip_frames").asInt()).isEqualTo(4);
    CliRunner.Result both = CliRunner.run("eval", "track", "--sequences", otb.toString(), "--train", otb.toString(),
        "--random-init", "small", "--zero-shot", "--output", dir.resolve("zs-bad").toString());
    assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err()).contains("zero_shot tracks with the backbone as it is");
  }
}
