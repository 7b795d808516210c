package org.constcl.eval.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.constcl.eval.track.BoxFile;
import org.constcl.eval.track.OtbScoring;
import org.constcl.eval.track.OtbSemantics;
import org.constcl.transforms.io.FileDigest;
import org.constcl.transforms.testing.TestVideos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tracking sequences cut from the real test videos: exact boxes, both layouts, byte-identical reruns. */
class TrackingSetMakerTest {
  @TempDir Path dir;

  static List<Path> videos() {
    return List.of(TestVideos.get("cup.mp4"), TestVideos.get("box.mp4"), TestVideos.get("motion.mov"));
  }

  @Test
  void otbLayoutHasExactBoxesAndScoresPerfectlyAgainstItself() throws Exception {
    TrackingSetMaker.Settings s = new TrackingSetMaker.Settings(24, 96, 0.25, 1);
    TrackingSetMaker.Made made = TrackingSetMaker.make(videos(), dir.resolve("a"), s, TrackingSetMaker.Layout.OTB);
    assertThat(made.sequences()).containsExactly("Cup", "Box", "Motion");
    Path seq = dir.resolve("a/Cup");
    List<double[]> gt = BoxFile.read(seq.resolve("groundtruth_rect.txt"));
    assertThat(gt).hasSize(24);
    try (Stream<Path> imgs = Files.list(seq.resolve("img"))) {
      assertThat(imgs.count()).isEqualTo(24);
    }
    // The patch is where the ground truth says: the first frame's box matches the last frame's box content.
    Mat first = opencv_imgcodecs.imread(seq.resolve("img/0001.jpg").toString());
    Mat last = opencv_imgcodecs.imread(seq.resolve("img/0024.jpg").toString());
    double[] a = gt.get(0);
    double[] b = gt.get(23);
    assertThat(a[0] != b[0] || a[1] != b[1]).as("the patch moved").isTrue();
    assertThat(a[0]).isGreaterThanOrEqualTo(1);
    assertThat(a[0] - 1 + a[2]).isLessThanOrEqualTo(first.cols());
    try (Rect ra = new Rect((int) a[0] - 1, (int) a[1] - 1, (int) a[2], (int) a[3]);
        Rect rb = new Rect((int) b[0] - 1, (int) b[1] - 1, (int) b[2], (int) b[3]);
        Rect off = new Rect(0, 0, 8, 8);
        Mat pa = first.apply(ra); Mat pb = last.apply(rb)) {
      assertThat(meanAbsDiff(pa, pb)).as("same texture at both boxes (JPEG noise only)").isLessThan(6);
      Rect shifted = new Rect(Math.max(0, (int) b[0] - 1 - (int) a[2] / 2), (int) b[1] - 1, (int) a[2], (int) a[3]);
      if (shifted.x() + shifted.width() <= last.cols() && shifted.x() != (int) b[0] - 1) {
        try (Mat ps = last.apply(shifted)) {
          assertThat(meanAbsDiff(pa, ps)).as("a box half a patch away differs").isGreaterThan(6);
        }
      }
    }
    first.close();
    last.close();
    // Scoring the ground truth as a result: every frame IoU 1, error 0.
    OtbScoring.Result r = OtbScoring.score(dir.resolve("a"), gtAsResults(dir.resolve("a"), made.sequences()), OtbSemantics.OTB);
    assertThat(r.auc()).isCloseTo(20.0 / 21, within(1e-12));
    assertThat(r.precisionAt20()).isEqualTo(1.0);
  }

  private Path gtAsResults(Path root, List<String> names) throws Exception {
    Path res = dir.resolve("results");
    for (String n : names) {
      List<double[]> gt = BoxFile.read(root.resolve(n).resolve("groundtruth_rect.txt"));
      BoxFile.write(res.resolve(n + ".txt"), gt);
    }
    return res;
  }

  private static double meanAbsDiff(Mat a, Mat b) {
    byte[] x = new byte[(int) (a.total() * a.channels())];
    byte[] y = new byte[(int) (b.total() * b.channels())];
    try (Mat ca = a.clone(); Mat cb = b.clone()) {
      ca.data().get(x);
      cb.data().get(y);
    }
    double d = 0;
    for (int i = 0; i < x.length; i++) {
      d += Math.abs((x[i] & 0xff) - (y[i] & 0xff));
    }
    return d / x.length;
  }

  @Test
  void gotLayoutAndByteIdenticalReruns() throws Exception {
    TrackingSetMaker.Settings s = new TrackingSetMaker.Settings(12, 64, 0.3, 7);
    TrackingSetMaker.make(videos(), dir.resolve("g1"), s, TrackingSetMaker.Layout.GOT10K);
    TrackingSetMaker.make(videos(), dir.resolve("g2"), s, TrackingSetMaker.Layout.GOT10K);
    Path seq = dir.resolve("g1/train/GOT-10k_Train_000001");
    assertThat(Files.readAllLines(dir.resolve("g1/train/list.txt"))).containsExactly("GOT-10k_Train_000001",
        "GOT-10k_Train_000002", "GOT-10k_Train_000003");
    assertThat(seq.resolve("00000012.jpg")).exists();
    assertThat(Files.readAllLines(seq.resolve("cover.label"))).hasSize(12).containsOnly("8");
    assertThat(Files.readAllLines(seq.resolve("absence.label"))).hasSize(12).containsOnly("0");
    assertThat(Files.readString(seq.resolve("meta_info.ini"))).startsWith("[METAINFO]\n").contains("resolution: (");
    assertThat(BoxFile.read(seq.resolve("groundtruth.txt"))).hasSize(12);
    try (Stream<Path> a = Files.walk(dir.resolve("g1")); Stream<Path> b = Files.walk(dir.resolve("g2"))) {
      List<Path> fa = a.filter(Files::isRegularFile).sorted().toList();
      List<Path> fb = b.filter(Files::isRegularFile).sorted().toList();
      assertThat(fa).hasSameSizeAs(fb);
      for (int i = 0; i < fa.size(); i++) {
        assertThat(FileDigest.sha256Hex(fa.get(i))).as(fa.get(i).toString()).isEqualTo(FileDigest.sha256Hex(fb.get(i)));
      }
    }
  }

  @Test
  void pathsStayInsideAndBounce() {
    List<int[]> p = TrackingSetMaker.path(new SplittableRandom(3), 100, 60, 20, 20, 200);
    for (int[] xy : p) {
      assertThat(xy[0]).isBetween(0, 80);
      assertThat(xy[1]).isBetween(0, 40);
    }
    assertThat(p.stream().mapToInt(xy -> xy[0]).max().getAsInt()).isGreaterThan(70);
    assertThat(p.stream().mapToInt(xy -> xy[0]).min().getAsInt()).isLessThan(10);
  }
}
