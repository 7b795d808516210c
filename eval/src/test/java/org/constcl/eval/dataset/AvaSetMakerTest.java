package org.constcl.eval.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.constcl.eval.ava.AvaEvaluator;
import org.constcl.eval.ava.AvaProtocol;
import org.constcl.eval.ava.AvaRows;
import org.constcl.eval.ava.LabelMap;
import org.constcl.transforms.io.FileDigest;
import org.constcl.transforms.testing.TestVideos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AVA-format set: the official layout, labels tied to motion, readable by the evaluator, byte-identical reruns. */
class AvaSetMakerTest {
  @TempDir Path dir;

  static List<Path> videos() {
    return List.of(TestVideos.get("box.mp4"), TestVideos.get("cup.mp4"), TestVideos.get("motion.mov"), TestVideos.get("tree.avi"));
  }

  @Test
  void writesTheAvaLayoutAndItsGroundTruthScoresPerfectlyAgainstItself() throws Exception {
    AvaSetMaker.Settings s = new AvaSetMaker.Settings(3, 6, 96, 2, 0.5, 3);
    AvaSetMaker.Made made = AvaSetMaker.make(videos(), dir.resolve("a"), s);
    assertThat(made.train()).isNotEmpty();
    assertThat(made.val()).isNotEmpty();
    Path ann = dir.resolve("a/annotations");
    List<String> val = Files.readAllLines(ann.resolve("ava_val_v2.2.csv"));
    assertThat(val).isNotEmpty().allSatisfy(l -> assertThat(l).matches("synth\\d\\d_\\w+,090[234],[0-9.]+,[0-9.]+,[0-9.]+,[0-9.]+,[1-5],[01]"));
    String first = made.val().get(0);
    try (Stream<Path> frames = Files.list(dir.resolve("a/frames").resolve(first))) {
      assertThat(frames.count()).isEqualTo((3 + 2) * 6 + 3 + 1); // from second 900 to half a second after 904
    }
    LabelMap labels = LabelMap.read(ann.resolve("ava_action_list_v2.2.pbtxt"));
    assertThat(labels.names()).hasSize(5).containsEntry(5, "stand still");
    // The ground truth as detections (score 1): every class with ground truth has AP 1.
    Path asDetections = Files.writeString(dir.resolve("det.csv"), String.join("\n", val.stream()
        .map(l -> l.substring(0, l.lastIndexOf(',')) + ",1.0").toList()) + "\n");
    AvaEvaluator.Result r = AvaEvaluator.evaluate(labels, AvaRows.groundTruth(ann.resolve("ava_val_v2.2.csv"), AvaProtocol.CURRENT),
        AvaRows.detections(asDetections, AvaProtocol.CURRENT), Set.of(), AvaProtocol.CURRENT);
    assertThat(r.meanAp()).isEqualTo(1.0);
    assertThat(Files.readAllLines(ann.resolve("ava_val_predicted_boxes.csv"))).isNotEmpty();
  }

  @Test
  void labelsFollowTheMotion() {
    assertThat(AvaSetMaker.actions(-10, 0, 6)).containsExactly(1);
    assertThat(AvaSetMaker.actions(10, -5, 6)).containsExactly(2, 3);
    assertThat(AvaSetMaker.actions(0, 9, 6)).containsExactly(4);
    assertThat(AvaSetMaker.actions(1, -1, 6)).containsExactly(5);
  }

  @Test
  void rerunsAreByteIdentical() throws Exception {
    AvaSetMaker.Settings s = new AvaSetMaker.Settings(2, 4, 64, 1, 0.5, 3);
    AvaSetMaker.make(videos(), dir.resolve("r1"), s);
    AvaSetMaker.make(videos(), dir.resolve("r2"), s);
    try (Stream<Path> a = Files.walk(dir.resolve("r1")); Stream<Path> b = Files.walk(dir.resolve("r2"))) {
      List<Path> fa = a.filter(Files::isRegularFile).sorted().toList();
      List<Path> fb = b.filter(Files::isRegularFile).sorted().toList();
      assertThat(fa).hasSameSizeAs(fb);
      for (int i = 0; i < fa.size(); i++) {
        assertThat(FileDigest.sha256Hex(fa.get(i))).as(fa.get(i).toString()).isEqualTo(FileDigest.sha256Hex(fb.get(i)));
      }
    }
  }
}
