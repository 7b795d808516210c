package org.constcl.eval.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.constcl.transforms.input.VideoSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official split formats, read from fixture files written exactly as the datasets ship them. */
class SplitReadersTest {
  @TempDir Path dir;

  static Path fixture(String name) throws URISyntaxException {
    return Path.of(SplitReadersTest.class.getResource("/fixtures/" + name).toURI());
  }

  /** A dataset root: the fixture's split files plus (empty) video files for {@code present}. */
  private Path root(String fixture, List<String> present) throws Exception {
    return root(fixture, fixture, present);
  }

  private Path root(String fixture, String target, List<String> present) throws Exception {
    Path root = dir.resolve(target);
    copy(fixture(fixture), root);
    for (String p : present) {
      Files.createDirectories(root.resolve(p).getParent());
      Files.write(root.resolve(p), new byte[] {0});
    }
    return root;
  }

  private static void copy(Path from, Path to) throws IOException {
    try (var s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }

  @Test
  void ucf101SplitOne() throws Exception {
    DatasetSplit s = Ucf101Splits.read(root("ucf101", List.of()), null, 1);
    assertThat(s.name()).isEqualTo("ucf101/split1");
    assertThat(s.classes()).containsExactly("ApplyEyeMakeup", "ApplyLipstick", "Archery");
    assertThat(s.count(DatasetSplit.TRAIN)).isEqualTo(4);
    assertThat(s.count(DatasetSplit.TEST)).isEqualTo(3);
    LabelledVideo test = s.videos().get(4);
    assertThat(test).isEqualTo(new LabelledVideo("ApplyEyeMakeup/v_ApplyEyeMakeup_g01_c01.avi", "ApplyEyeMakeup",
        DatasetSplit.TEST, "testlist01.txt:1"));
  }

  @Test
  void ucf101LabelsOutsideClassIndOrDisagreeingAreErrorsNamingTheLine() throws Exception {
    Path root = root("ucf101", List.of());
    Path train = root.resolve("ucfTrainTestlist/trainlist01.txt");
    Files.writeString(train, "ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi 1\nYoYo/v_YoYo_g08_c01.avi 101\n");
    assertThatThrownBy(() -> Ucf101Splits.read(root, null, 1)).isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("trainlist01.txt:2").hasMessageContaining("'YoYo' is not in classInd.txt");
    Files.writeString(train, "ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi 3\n");
    assertThatThrownBy(() -> Ucf101Splits.read(root, null, 1)).hasMessageContaining("trainlist01.txt:1")
        .hasMessageContaining("disagrees with the folder ApplyEyeMakeup");
    assertThatThrownBy(() -> Ucf101Splits.read(root, null, 4)).hasMessageContaining("splits 1, 2 and 3");
  }

  @Test
  void missingVideosAreFoundAndCountedAndTheRestBecomeLabelledSources() throws Exception {
    Path root = root("ucf101", List.of("ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi", "Archery/v_Archery_g07_c01.avi"));
    DatasetSplit s = Ucf101Splits.read(root, null, 1);
    DatasetSplit.Check c = s.check();
    assertThat(c.present()).hasSize(2);
    assertThat(c.missing()).hasSize(5);
    assertThat(c.describeMissing()).startsWith("5 of 7 videos named by the split files do not exist: ")
        .contains("trainlist01.txt:2");
    List<VideoSource> sources = s.toSources(c.present());
    assertThat(sources.get(1).videoId()).isEqualTo("Archery/v_Archery_g07_c01.avi");
    assertThat(sources.get(1).label()).isEqualTo("Archery");
    assertThat(sources.get(1).labelIndex()).isEqualTo(2);
    assertThat(sources.get(1).split()).isEqualTo(DatasetSplit.TEST);
    assertThat(Path.of(sources.get(1).path())).isEqualTo(root.resolve("Archery/v_Archery_g07_c01.avi"));
    // Ingest refuses before running: missing videos without --allow-missing, and an empty test side.
    assertThatThrownBy(() -> DatasetIngest.run(s, false, null, null, dir.resolve("clips"), System.err))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("5 of 7").hasMessageContaining("--allow-missing");
    Path noTest = root("ucf101", "ucf101-2", List.of());
    DatasetSplit onlyTrain = new DatasetSplit("x", root, s.classes(),
        s.videos().stream().filter(v -> v.split().equals(DatasetSplit.TRAIN)).toList());
    assertThatThrownBy(() -> DatasetIngest.run(onlyTrain, true, null, null, noTest.resolve("clips"), System.err))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("the test split is empty");
  }

  @Test
  void hmdb51SplitFilesAssignSidesAndSortedClasses() throws Exception {
    DatasetSplit s = Hmdb51Splits.read(root("hmdb51", List.of()), null, 1);
    assertThat(s.classes()).containsExactly("brush_hair", "catch");
    assertThat(s.videos()).containsExactly(
        new LabelledVideo("brush_hair/April_09_brush_hair_u_nm_np1_ba_goo_0.avi", "brush_hair", "train", "brush_hair_test_split1.txt:1"),
        new LabelledVideo("brush_hair/April_09_brush_hair_u_nm_np1_ba_goo_1.avi", "brush_hair", "test", "brush_hair_test_split1.txt:2"),
        new LabelledVideo("catch/Catch_the_ball_catch_f_cm_np1_ba_bad_0.avi", "catch", "test", "catch_test_split1.txt:1"),
        new LabelledVideo("catch/Catch_the_ball_catch_f_cm_np1_ba_bad_1.avi", "catch", "train", "catch_test_split1.txt:2"));
    Path root = root("hmdb51", "hmdb51-bad", List.of());
    Files.writeString(root.resolve("testTrainMulti_7030_splits/catch_test_split1.txt"), "a.avi 3\n");
    assertThatThrownBy(() -> Hmdb51Splits.read(root, null, 1)).hasMessageContaining("catch_test_split1.txt:1")
        .hasMessageContaining("<0|1|2>");
  }

  @Test
  void kineticsCsvWithAndWithoutLabels() throws Exception {
    Path root = fixture("kinetics");
    DatasetSplit s = KineticsCsv.read(root, root.resolve("train.csv"), root.resolve("val.csv"), null);
    assertThat(s.classes()).containsExactly("abseiling", "air drumming");
    assertThat(s.videos().get(1)).isEqualTo(new LabelledVideo("--nQbRBEz2s_000104_000114.mp4", "air drumming", "train", "train.csv:3"));
    assertThat(s.count(DatasetSplit.TEST)).isEqualTo(2);
    DatasetSplit unlabelled = KineticsCsv.read(root, root.resolve("train.csv"), root.resolve("test.csv"), null);
    assertThat(unlabelled.videos().get(3)).isEqualTo(new LabelledVideo("--6bJUbfpnQ_000017_000027.mp4", null, "test", "test.csv:2"));
    assertThatThrownBy(() -> KineticsCsv.read(root, root.resolve("train.csv"), root.resolve("val.csv"), List.of("abseiling", "zumba")))
        .hasMessageContaining("train.csv:3").hasMessageContaining("'air drumming' is not in the class list");
  }
}
