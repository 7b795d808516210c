package org.constcl.eval.propagate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.constcl.eval.benchmark.BenchmarkResults;
import org.constcl.eval.benchmark.PropagationResult;
import org.constcl.eval.dataset.DavisSetMaker;
import org.constcl.eval.run.BackboneSource;
import org.constcl.eval.run.EvalException;
import org.constcl.transforms.io.FileDigest;
import org.constcl.transforms.testing.TestVideos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DAVIS-layout set made from the real test videos: its layout and masks, byte-identical reruns,
 * label propagation end to end on a random-init tiny backbone, and clear errors for broken folders.
 */
class DavisSetTest {
  @TempDir static Path dir;
  static Path set;
  static final DavisSetMaker.Settings SETTINGS = new DavisSetMaker.Settings(6, 64, 2, 0.35, 1, 1);

  @BeforeAll
  static void make() throws Exception {
    set = dir.resolve("davis");
    DavisSetMaker.Made made = DavisSetMaker.make(videos(), set, SETTINGS);
    assertThat(made.sequences()).containsExactly("cup", "motion");
  }

  static List<Path> videos() {
    return List.of(TestVideos.get("cup.mp4"), TestVideos.get("motion.mov"));
  }

  @Test
  void theMakerWritesTheDavisLayoutWithBothObjectsDeterministically() throws Exception {
    DavisSet davis = DavisSet.open(set, "480p", "val");
    assertThat(davis.sequences()).extracting(DavisSet.Sequence::name).containsExactly("cup", "motion");
    DavisSet.Sequence cup = davis.sequences().get(0);
    assertThat(cup.frames()).hasSize(6);
    assertThat(cup.frames().get(0)).hasFileName("00000.jpg");
    assertThat(cup.annotations().get(5)).isEqualTo(set.resolve("Annotations/480p/cup/00005.png"));
    LabelMap first = MaskPng.read(cup.annotations().get(0));
    assertThat(first.maxObject()).isEqualTo(2);
    // Each patch covers a few percent of the frame at least, ellipses not boxes (their bounding box is not full).
    for (int o = 1; o <= 2; o++) {
      long area = count(first.mask(o));
      assertThat(area).isGreaterThan(first.labels().length / 50);
    }
    Path again = dir.resolve("again");
    DavisSetMaker.make(videos(), again, SETTINGS);
    for (String f : List.of("JPEGImages/480p/motion/00003.jpg", "Annotations/480p/motion/00003.png", "ImageSets/2017/val.txt")) {
      assertThat(FileDigest.sha256Hex(again.resolve(f))).isEqualTo(FileDigest.sha256Hex(set.resolve(f)));
    }
  }

  private static long count(boolean[] m) {
    long n = 0;
    for (boolean b : m) {
      if (b) {
        n++;
      }
    }
    return n;
  }

  @Test
  void perfectPredictionsScoreOne() throws Exception {
    DavisSet.Sequence cup = DavisSet.open(set, "480p", "val").sequences().get(0);
    List<LabelMap> truth = new java.util.ArrayList<>();
    for (Path a : cup.annotations()) {
      truth.add(MaskPng.read(a));
    }
    PropagationResult r = PropagationRun.summarize("davis", PropagationRun.score("cup", truth, truth, 2), 1, 1.0);
    assertThat(r.jfMean()).isEqualTo(1.0);
    assertThat(r.jRecall()).isEqualTo(1.0);
    assertThat(r.jDecay()).isEqualTo(0.0);
    assertThat(r.objects()).isEqualTo(2);
  }

  @Test
  void propagationRunsEndToEndOnARandomTinyBackbone() throws Exception {
    Path out = dir.resolve("run");
    PropagationRun.Request request = new PropagationRun.Request(set, "480p", "val", BackboneSource.random("tiny"), "res3", 64, 2,
        1, new LabelPropagation.Settings(5, 0.05, 4, 3), 0, 3, 1, 2, out);
    PropagationResult r = PropagationRun.run(request, new PrintStream(java.io.OutputStream.nullOutputStream()));
    assertThat(r.sequences()).isEqualTo(2);
    assertThat(r.objects()).isEqualTo(4);
    assertThat(r.jfMean()).isBetween(0.0, 1.0);
    assertThat(r.jfMean()).isEqualTo((r.jMean() + r.fMean()) / 2);
    assertThat(BenchmarkResults.read(out, PropagationResult.class)).isEqualTo(r);
    assertThat(Files.readAllLines(out.resolve("per_object.csv"))).hasSize(5);
    LabelMap predicted = MaskPng.read(out.resolve("results/motion/00004.png"));
    assertThat(predicted.width()).isEqualTo(MaskPng.read(set.resolve("Annotations/480p/motion/00004.png")).width());
    // Seeded: the same run scores the same.
    assertThat(PropagationRun.run(new PropagationRun.Request(set, "480p", "val", BackboneSource.random("tiny"), "res3", 64, 2,
        1, new LabelPropagation.Settings(5, 0.05, 4, 3), 0, 3, 1, 2, dir.resolve("run2")),
        new PrintStream(java.io.OutputStream.nullOutputStream())).jfMean()).isEqualTo(r.jfMean());
  }

  /** A copy of the made set to break. */
  private Path copy(String name) throws Exception {
    Path target = dir.resolve(name);
    try (var files = Files.walk(set)) {
      for (Path p : files.toList()) {
        Path t = target.resolve(set.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return target;
  }

  private static PropagationRun.Request request(Path davis, Path out) {
    return new PropagationRun.Request(davis, "480p", "val", BackboneSource.random("tiny"), "res3", 64, 1, 1,
        LabelPropagation.Settings.crw(), 0, 2, 1, 1, out);
  }

  @Test
  void aMissingAnnotationIsNamed() throws Exception {
    Path broken = copy("missing");
    Path gone = broken.resolve("Annotations/480p/motion/00002.png");
    Files.delete(gone);
    assertThatThrownBy(() -> DavisSet.open(broken, "480p", "val")).hasMessageContaining(gone.toString())
        .hasMessageContaining("annotation missing");
    assertThatThrownBy(() -> PropagationRun.run(request(broken, dir.resolve("o1")), System.err))
        .isInstanceOf(EvalException.class).hasMessageContaining(gone.toString());
  }

  @Test
  void aFrameOfAnotherSizeIsNamed() throws Exception {
    Path broken = copy("size");
    Path frame = broken.resolve("JPEGImages/480p/cup/00003.jpg");
    try (Mat m = opencv_imgcodecs.imread(frame.toString()); Mat small = new Mat(); Size s = new Size(40, 30)) {
      org.bytedeco.opencv.global.opencv_imgproc.resize(m, small, s);
      opencv_imgcodecs.imwrite(frame.toString(), small);
    }
    assertThatThrownBy(() -> PropagationRun.run(request(broken, dir.resolve("o2")), System.err))
        .isInstanceOf(EvalException.class).hasMessageContaining(frame.toString()).hasMessageContaining("frame size 40x30");
    Path broken2 = copy("masksize");
    Path mask = broken2.resolve("Annotations/480p/cup/00001.png");
    MaskPng.write(mask, LabelMap.empty(10, 10));
    assertThatThrownBy(() -> PropagationRun.run(request(broken2, dir.resolve("o3")), System.err))
        .isInstanceOf(EvalException.class).hasMessageContaining(mask.toString()).hasMessageContaining("annotation size 10x10");
  }

  @Test
  void aLabelTheFirstFrameDoesNotHaveIsNamed() throws Exception {
    Path broken = copy("label");
    Path mask = broken.resolve("Annotations/480p/motion/00004.png");
    LabelMap m = MaskPng.read(mask);
    byte[] l = m.labels().clone();
    l[0] = 7;
    MaskPng.write(mask, new LabelMap(m.width(), m.height(), l));
    assertThatThrownBy(() -> PropagationRun.run(request(broken, dir.resolve("o4")), System.err))
        .isInstanceOf(EvalException.class).hasMessageContaining(mask.toString()).hasMessageContaining("label 7");
  }

  @Test
  void aFolderWithoutTheSequenceListSaysWhatItExpects() {
    assertThatThrownBy(() -> DavisSet.open(dir, "480p", "val")).hasMessageContaining("ImageSets/2017/val.txt")
        .hasMessageContaining("is not a DAVIS-2017 folder");
  }
}
