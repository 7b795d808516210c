package org.constcl.eval.testing;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.constcl.eval.dataset.DatasetIngest;
import org.constcl.eval.dataset.DatasetSplit;
import org.constcl.eval.dataset.SpeedDirectionMaker;
import org.constcl.eval.dataset.SpeedDirectionSettings;
import org.constcl.eval.dataset.Ucf101Splits;
import org.constcl.tfmodel.trainer.ConfigTree;
import org.constcl.tfmodel.trainer.TrainConfig;
import org.constcl.tfmodel.trainer.TrainRequest;
import org.constcl.tfmodel.trainer.Trainer;
import org.constcl.transforms.beam.RunnerSettings;
import org.constcl.transforms.ingest.IngestConfig;
import org.constcl.transforms.testing.TestVideos;

/**
 * The speed/direction benchmark made once per test JVM from the shared videos, ingested (all
 * videos; and the train side alone, for pre-training), and a short cpu-small pre-training on the
 * train side.
 */
public final class SpeedDirectionFixture {
  private static Path root;
  private static Path benchmark;
  private static Path clips;
  private static Path pretrained;
  private static SpeedDirectionMaker.Made made;

  private SpeedDirectionFixture() {}

  private static synchronized void prepare() {
    if (root != null) {
      return;
    }
    try {
      root = Files.createTempDirectory("constcl-eval-fixture");
      if (System.getenv("CONSTCL_KEEP_FIXTURE") == null) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
      }
      benchmark = root.resolve("speed-direction");
      List<Path> videos;
      try (Stream<Path> s = Files.list(TestVideos.folder())) {
        videos = s.filter(p -> !p.getFileName().toString().endsWith(".md")).sorted().toList();
      }
      made = SpeedDirectionMaker.make(videos, benchmark, SpeedDirectionSettings.defaults());
      DatasetSplit split = Ucf101Splits.read(benchmark, null, 1);
      IngestConfig ingest = IngestConfig.builder().shortSide(128).build();
      PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
      clips = root.resolve("clips");
      DatasetIngest.run(split, false, ingest, RunnerSettings.direct().toOptions("ingest-eval"), clips, quiet);
      DatasetSplit trainOnly = new DatasetSplit(split.name() + "-train", split.root(), split.classes(),
          split.videos().stream().filter(v -> v.split().equals(DatasetSplit.TRAIN)).toList());
      Path pretrainClips = root.resolve("pretrain-clips");
      org.constcl.transforms.ingest.IngestPipeline.run(RunnerSettings.direct().toOptions("ingest-pretrain"),
          trainOnly.toSources(trainOnly.videos()), ingest, pretrainClips, true);
      pretrained = root.resolve("pretrained");
      ConfigTree t = ConfigTree.preset("cpu-small");
      t.set("train.steps", "120");
      t.set("train.checkpoint_every", "120");
      Trainer.run(new TrainRequest(TrainConfig.of(t), pretrainClips, null, pretrained, false, false, quiet, false));
    } catch (Exception e) {
      throw new IllegalStateException("could not prepare the speed/direction fixture: " + e.getMessage(), e);
    }
  }

  /** The benchmark in UCF101 layout. */
  public static Path benchmark() {
    prepare();
    return benchmark;
  }

  /** What the maker reported. */
  public static SpeedDirectionMaker.Made made() {
    prepare();
    return made;
  }

  /** The labelled clip dataset of split 1 (train and test). */
  public static Path clips() {
    prepare();
    return clips;
  }

  /** A cpu-small training run (120 steps) on the train side's videos. */
  public static Path pretrained() {
    prepare();
    return pretrained;
  }

  private static void delete(Path p) {
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
