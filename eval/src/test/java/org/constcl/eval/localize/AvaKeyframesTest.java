package org.constcl.eval.localize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.constcl.eval.ava.AvaFormatException;
import org.constcl.eval.ava.AvaProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvaKeyframesTest {
  @TempDir Path dir;

  @Test
  void groundTruthRowsBecomeOneBoxPerPersonWithItsActions() throws Exception {
    Path gt = Files.writeString(dir.resolve("gt.csv"), """
        v1,0902,0.1,0.2,0.5,0.9,12,0
        v1,0902,0.1,0.2,0.5,0.9,17,0
        v1,0902,0.1,0.2,0.5,0.9,80,1
        v1,0902,0.6,0.2,0.9,0.9,12,2
        v1,0903
        v2,902.0,0.0,0.0,1.0,1.0,3,0
        """);
    List<AvaKeyframes.Keyframe> k = AvaKeyframes.groundTruth(gt, AvaProtocol.CURRENT);
    assertThat(k).extracting(AvaKeyframes.Keyframe::video).containsExactly("v1", "v1", "v2");
    // Same box, two person ids: two people.
    assertThat(k.get(0).boxes()).hasSize(3);
    assertThat(k.get(0).boxes().get(0).actions()).containsExactly(12, 17);
    assertThat(k.get(0).boxes().get(1).actions()).containsExactly(80);
    assertThat(k.get(1).boxes()).isEmpty();
    assertThat(k.get(2).second()).isEqualTo(902.0);
    assertThat(k.get(2).key()).isEqualTo(AvaProtocol.CURRENT.key("v2", "0902"));
  }

  @Test
  void detectionsBelowTheThresholdAreDroppedAndEachRowIsAPerson() throws Exception {
    Path det = Files.writeString(dir.resolve("det.csv"), """
        v1,0902,0.1,0.2,0.5,0.9,,0.95
        v1,0902,0.1,0.2,0.5,0.9,,0.85
        v1,0902,0.6,0.2,0.9,0.9,,0.30
        """);
    List<AvaKeyframes.Keyframe> k = AvaKeyframes.detections(det, AvaProtocol.CURRENT, 0.8);
    assertThat(k).hasSize(1);
    assertThat(k.get(0).boxes()).extracting(AvaKeyframes.PersonBox::score).containsExactly(0.95, 0.85);
  }

  @Test
  void badRowsNameTheFileAndLine() throws Exception {
    Path columns = Files.writeString(dir.resolve("c.csv"), "v1,0902,0.1,0.2,0.5\n");
    assertThatThrownBy(() -> AvaKeyframes.groundTruth(columns, AvaProtocol.CURRENT)).isInstanceOf(AvaFormatException.class)
        .hasMessageContaining("c.csv:1: expected 2, 7 or 8 columns");
    Path box = Files.writeString(dir.resolve("b.csv"), "v1,0902,0.1,0.2,0.5,0.9,1,0\nv1,0902,0.1,0.2,1.5,0.9,1,0\n");
    assertThatThrownBy(() -> AvaKeyframes.groundTruth(box, AvaProtocol.CURRENT))
        .hasMessageContaining("b.csv:2: box 0.1,0.2,1.5,0.9 is not inside [0, 1]");
    Path number = Files.writeString(dir.resolve("n.csv"), "v1,0902,0.1,0.2,0.5,0.9,jump,0\n");
    assertThatThrownBy(() -> AvaKeyframes.groundTruth(number, AvaProtocol.CURRENT)).hasMessageContaining("n.csv:1: not a number");
    assertThatThrownBy(() -> AvaKeyframes.groundTruth(dir.resolve("missing.csv"), AvaProtocol.CURRENT))
        .hasMessageContaining("missing.csv: no such file");
  }
}
