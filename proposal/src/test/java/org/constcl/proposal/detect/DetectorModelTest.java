package org.constcl.proposal.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.constcl.proposal.record.Box;
import org.constcl.proposal.source.FrameRef;
import org.constcl.proposal.source.ProposalConfig;
import org.constcl.proposal.source.Proposers;
import org.constcl.proposal.source.RegionProposer;
import org.constcl.proposal.testing.TinyDetectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User-provided detector models through both engines, and the ways a model can be unusable. */
class DetectorModelTest {
  @TempDir Path dir;

  private static List<Box> detect(ProposalConfig c, int grey) {
    try (RegionProposer p = Proposers.create(c);
        Scalar s = new Scalar(grey, grey, grey, 0);
        Mat frame = new Mat(96, 128, opencv_core.CV_8UC3, s)) {
      return p.propose(new FrameRef("c#0", 0, 128, 96), frame);
    }
  }

  private static void assertBox(Box b, float[] expected) {
    assertThat(new float[] {b.ymin(), b.xmin(), b.ymax(), b.xmax()}).containsExactly(expected, offset(1e-6f));
  }

  @Test
  void savedModelObjectDetectionsWithClassesAndThreshold() {
    Path model = TinyDetectors.savedModel(dir.resolve("sm"), true);
    ProposalConfig c = ProposalConfig.builder("object").model(model).build();
    assertThat(c.engine().id()).isEqualTo("tensorflow-java/saved-model");
    assertThat(c.canonicalJson()).contains("\"model_sha256\"");
    List<Box> bright = detect(c, 204); // mean 0.8 > 0.3
    assertThat(bright).hasSize(2);
    assertBox(bright.get(0), TinyDetectors.BOX_B); // 0.9 ranks first
    assertThat(bright.get(0).label()).isEqualTo("3");
    assertBox(bright.get(1), TinyDetectors.BOX_A);
    assertThat(bright.get(1).score()).isCloseTo(0.8f, offset(1e-3f));
    assertThat(detect(c, 51)).hasSize(1); // mean 0.2 < 0.3
  }

  @Test
  void savedModelPersonKeepsOnlyThePersonClass() {
    Path model = TinyDetectors.savedModel(dir.resolve("sm"), true);
    List<Box> people = detect(ProposalConfig.builder("person").model(model).set("score-threshold", "0.1").build(), 128);
    assertThat(people).hasSize(1);
    assertBox(people.get(0), TinyDetectors.BOX_A);
    assertThat(people.get(0).label()).isEqualTo("person");
  }

  @Test
  void onnxDetectionOutputThroughOpenCvDnn() throws Exception {
    Path model = TinyDetectors.onnx(dir.resolve("tiny.onnx"), true);
    ProposalConfig c = ProposalConfig.builder("object").model(model).build();
    assertThat(c.engine().id()).isEqualTo("opencv-4.13.0/dnn-onnx");
    List<Box> bright = detect(c, 204);
    assertThat(bright).hasSize(2);
    assertBox(bright.get(0), TinyDetectors.BOX_B);
    assertBox(bright.get(1), TinyDetectors.BOX_A);
    assertThat(bright.get(1).score()).isCloseTo(0.8f, offset(1e-3f));
    assertThat(detect(c, 51)).hasSize(1);
    List<Box> fixedInput = detect(ProposalConfig.builder("object").model(model).set("input-size", "64x64").build(), 204);
    assertThat(fixedInput).hasSize(2);
  }

  @Test
  void uninterpretableOutputsFailTheCheckWithAMessage() throws Exception {
    Path sm = TinyDetectors.savedModel(dir.resolve("logits"), false);
    ProposalConfig smConfig = ProposalConfig.builder("person").model(sm).build();
    assertThatThrownBy(() -> Proposers.check(smConfig, 64, 64))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("cannot interpret the outputs")
        .hasMessageContaining("logits");
    Path onnx = TinyDetectors.onnx(dir.resolve("odd.onnx"), false);
    ProposalConfig onnxConfig = ProposalConfig.builder("object").model(onnx).build();
    assertThatThrownBy(() -> Proposers.check(onnxConfig, 64, 64))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("cannot interpret the outputs")
        .hasMessageContaining("[1, 1, 2, 5]");
  }

  @Test
  void missingCorruptOrWrongModelFilesAreRejectedByName() throws Exception {
    assertThatThrownBy(() -> ProposalConfig.builder("person").model(dir.resolve("nope.onnx")).build())
        .isInstanceOf(ModelException.class).hasMessageContaining("model not found").hasMessageContaining("nope.onnx");
    Path txt = Files.writeString(dir.resolve("model.txt"), "hello");
    assertThatThrownBy(() -> ProposalConfig.builder("person").model(txt).build())
        .hasMessageContaining("neither an ONNX file");
    Path empty = Files.createDirectories(dir.resolve("empty-folder"));
    assertThatThrownBy(() -> ProposalConfig.builder("person").model(empty).build())
        .hasMessageContaining("holds no saved_model.pb");
    byte[] junk = new byte[4096];
    new Random(3).nextBytes(junk);
    Path garbage = Files.write(dir.resolve("garbage.onnx"), junk);
    ProposalConfig c = ProposalConfig.builder("object").model(garbage).build();
    assertThatThrownBy(() -> Proposers.check(c, 64, 64))
        .isInstanceOf(ModelException.class).hasMessageContaining("cannot load ONNX model").hasMessageContaining("garbage.onnx");
    assertThatThrownBy(() -> ProposalConfig.builder("slic").model(garbage).build())
        .hasMessageContaining("--model applies to the person and object sources");
  }

  @Test
  void theModelDigestIsPartOfTheConfig() throws Exception {
    Path a = TinyDetectors.onnx(dir.resolve("a.onnx"), true);
    Path b = Files.copy(a, dir.resolve("b.onnx"));
    Path other = TinyDetectors.onnx(dir.resolve("c.onnx"), false);
    String da = ProposalConfig.builder("object").model(a).build().digest();
    assertThat(ProposalConfig.builder("object").model(b).build().digest()).isEqualTo(da); // same bytes, another path
    assertThat(ProposalConfig.builder("object").model(other).build().digest()).isNotEqualTo(da);
  }
}
