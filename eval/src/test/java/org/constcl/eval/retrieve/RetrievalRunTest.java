package org.constcl.eval.retrieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.constcl.eval.benchmark.BenchmarkResults;
import org.constcl.eval.benchmark.RetrievalResult;
import org.constcl.eval.data.ClipGeometry;
import org.constcl.eval.dataset.DatasetIngest;
import org.constcl.eval.dataset.DatasetSplit;
import org.constcl.eval.dataset.SceneSetMaker;
import org.constcl.eval.dataset.Ucf101Splits;
import org.constcl.eval.run.BackboneSource;
import org.constcl.eval.run.EvalException;
import org.constcl.transforms.beam.RunnerSettings;
import org.constcl.transforms.ingest.IngestConfig;
import org.constcl.transforms.ingest.IngestPipeline;
import org.constcl.transforms.input.VideoInputs;
import org.constcl.transforms.io.FileDigest;
import org.constcl.transforms.testing.TestVideos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scene retrieval set made from real videos (disjoint time ranges per split, byte-identical
 * reruns), ingested as UCF101, and retrieval end to end with features extracted on embedded Flink.
 */
@Timeout(600)
class RetrievalRunTest {
  @TempDir static Path dir;
  static Path set;
  static Path clips;
  static SceneSetMaker.Made made;
  static final SceneSetMaker.Settings SETTINGS = new SceneSetMaker.Settings(8, 64, 4, 0.5);
  static final PrintStream QUIET = new PrintStream(java.io.OutputStream.nullOutputStream());

  @BeforeAll
  static void make() throws Exception {
    set = dir.resolve("scenes");
    made = SceneSetMaker.make(List.of(TestVideos.get("cup.mp4"), TestVideos.get("motion.mov"),
        TestVideos.get("cap13_edit2.mp4")), set, SETTINGS);
    DatasetSplit split = Ucf101Splits.read(set, null, 1);
    clips = dir.resolve("clips");
    DatasetIngest.run(split, false, IngestConfig.builder().shortSide(64).build(), RunnerSettings.direct().toOptions("ingest-scenes"),
        clips, QUIET);
  }

  @Test
  void eachSceneIsAClassWithGalleryAndQueriesFromDisjointTimes() throws Exception {
    assertThat(made.classes()).containsExactly("Cap13edit2", "Cup", "Motion");
    assertThat(made.trainClips()).isEqualTo(6);
    assertThat(made.testClips()).isEqualTo(6);
    // Clips 1-2 of a scene are the gallery (windows 0-1), clips 3-4 the queries (windows 3-4): window 2 is the gap.
    assertThat(Files.readAllLines(set.resolve("ucfTrainTestlist/trainlist01.txt"))).contains("Cup/v_Cup_g01_c01.avi 2",
        "Cup/v_Cup_g01_c02.avi 2");
    assertThat(Files.readAllLines(set.resolve("ucfTrainTestlist/testlist01.txt"))).contains("Cup/v_Cup_g01_c03.avi",
        "Cup/v_Cup_g01_c04.avi");
    Path again = dir.resolve("again");
    SceneSetMaker.make(List.of(TestVideos.get("cup.mp4"), TestVideos.get("motion.mov"), TestVideos.get("cap13_edit2.mp4")),
        again, SETTINGS);
    assertThat(FileDigest.sha256Hex(again.resolve("Cup/v_Cup_g01_c03.avi")))
        .isEqualTo(FileDigest.sha256Hex(set.resolve("Cup/v_Cup_g01_c03.avi")));
  }

  @Test
  void retrievalRunsEndToEndOnEmbeddedFlink() throws Exception {
    Path out = dir.resolve("run");
    RetrievalRun.Request request = new RetrievalRun.Request("scenes", clips, BackboneSource.random("tiny"),
        new ClipGeometry(4, 2, 48, 48, 2, 1, new double[] {1, 1}, new double[] {1, 1}), 1, 2,
        RunnerSettings.embeddedFlink().withParallelism(2).toOptions("retrieval-test"), out);
    RetrievalResult r = RetrievalRun.run(request, QUIET);
    assertThat(r.queries()).isEqualTo(6);
    assertThat(r.gallery()).isEqualTo(6);
    assertThat(r.chanceAt1()).isEqualTo(1 / 3.0);
    assertThat(r.recallAt1()).isBetween(0.0, 1.0);
    assertThat(r.recallAt5()).isGreaterThanOrEqualTo(r.recallAt1());
    // Every label is among 6 gallery videos: recall@5 of 3 classes with 2 videos each is 1.
    assertThat(r.recallAt5()).isEqualTo(1.0);
    assertThat(BenchmarkResults.read(out, RetrievalResult.class)).isEqualTo(r);
    assertThat(Files.readAllLines(out.resolve("neighbours.csv"))).hasSize(1 + 6 * 5);
  }

  @Test
  void aDatasetWithoutQueriesIsAClearError() throws Exception {
    // A labelled clip dataset with train videos only (a manifest: path, label, split).
    Path manifest = set.resolve("train-only.csv");
    Files.writeString(manifest, "Cup/v_Cup_g01_c01.avi,Cup,train\nMotion/v_Motion_g01_c01.avi,Motion,train\n");
    Path onlyTrain = dir.resolve("only-train");
    IngestPipeline.run(RunnerSettings.direct().toOptions("ingest-train-only"), VideoInputs.resolve(manifest.toString(), null),
        IngestConfig.builder().shortSide(64).build(), onlyTrain, false);
    assertThatThrownBy(() -> RetrievalRun.run(new RetrievalRun.Request("x", onlyTrain, BackboneSource.random("tiny"),
        new ClipGeometry(4, 2, 48, 48, 1, 1, new double[] {1, 1}, new double[] {1, 1}), 1, 1,
        RunnerSettings.direct().toOptions("r"), dir.resolve("bad")), QUIET))
        .isInstanceOf(EvalException.class).hasMessageContaining("test videos (the queries)").hasMessageContaining("2 and 0");
  }
}
