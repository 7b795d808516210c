package org.constcl.workflows.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.constcl.eval.benchmark.BenchmarkProtocol;
import org.constcl.eval.benchmark.ClassificationProtocol;
import org.constcl.workflows.plan.CanonicalJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code constcl eval linear|finetune}: a classification protocol ({@link ClassificationProtocol})
 * on a labelled dataset, from a pre-trained run or a random-init backbone, with named options.
 * See docs/evaluation.md.
 */
abstract class EvalClassifyCommand implements Callable<Integer> {
  @Option(names = "--dataset", required = true, paramLabel = "<dir>",
      description = "A labelled clip dataset (constcl ingest with label and split), or a dataset root with --format.")
  Path dataset;

  @Option(names = "--format", paramLabel = "<fmt>",
      description = "ucf101, hmdb51 or kinetics: read the official split files under --dataset and ingest the videos"
          + " into <output>/clips.")
  String format;

  @Option(names = "--split", paramLabel = "<n>", description = "Official split (1-3; default 1).")
  Integer split;

  @Option(names = "--splits-dir", paramLabel = "<dir>", description = "Folder of the split files (default: the usual place under --dataset).")
  Path splitsDir;

  @Option(names = "--train-csv", paramLabel = "<csv>", description = "Kinetics: training annotations.")
  Path trainCsv;

  @Option(names = "--test-csv", paramLabel = "<csv>", description = "Kinetics: validation/test annotations.")
  Path testCsv;

  @Option(names = "--ingest-short-side", paramLabel = "<px>",
      description = "With --format: short side of the ingested frames (default 256, the reference's test size).")
  Integer ingestShortSide;

  @Option(names = "--allow-missing", description = "Evaluate on the videos that exist when split files name missing ones.")
  boolean allowMissing;

  @Mixin BackboneInitOptions init;

  @Option(names = "--output", required = true, paramLabel = "<dir>", description = "Evaluation folder.")
  Path output;

  @Option(names = "--epochs", paramLabel = "<n>", description = "Training epochs (default: the protocol's).")
  Integer epochs;

  @Option(names = "--batch", paramLabel = "<n>", description = "Clips per step (default: the protocol's).")
  Integer batch;

  @Option(names = "--learning-rate", paramLabel = "<lr>", description = "Peak learning rate (default: the protocol's).")
  String learningRate;

  @Option(names = "--weight-decay", paramLabel = "<wd>", description = "Weight decay (default: the protocol's).")
  String weightDecay;

  @Option(names = "--dropout", paramLabel = "<p>", description = "Dropout before the classifier (default: the protocol's).")
  String dropout;

  @Option(names = "--frames", paramLabel = "<n>", description = "Frames per clip (default: 32 for r3d50, else pre-training's).")
  Integer frames;

  @Option(names = "--frame-stride", paramLabel = "<n>", description = "Stored frames between clip frames (default: 2, or pre-training's).")
  Integer frameStride;

  @Option(names = "--train-size", paramLabel = "<px>", description = "Training crop size (default: 224 for r3d50, else pre-training's).")
  Integer trainSize;

  @Option(names = "--test-size", paramLabel = "<px>", description = "Test view size (default: 256 for r3d50, else pre-training's).")
  Integer testSize;

  @Option(names = "--test-clips", paramLabel = "<n>", description = "Temporal clips per test video (default 10).")
  Integer testClips;

  @Option(names = "--test-crops", paramLabel = "<n>", description = "Spatial crops per clip: 3 or 1 (default 3).")
  Integer testCrops;

  @Option(names = "--crop-area", paramLabel = "<min>",
      description = "Smallest area of the training random resized crop (default 0.3; max 1).")
  String cropArea;

  @Option(names = "--seed", paramLabel = "<n>", description = "Seed (default 1).")
  Long seed;

  @Option(names = "--loader-threads", paramLabel = "<n>", description = "Threads making training clips (default 2).")
  Integer loaderThreads;

  @Option(names = "--score-train", description = "Also score the train split's videos (metrics.json train_split).")
  boolean scoreTrain;

  @Option(names = "--force", description = "Discard an evaluation in --output made with other settings.")
  boolean force;

  @Option(names = {"-v", "--verbose"}, description = "Show library logs.")
  boolean verbose;

  @Mixin RunnerOptions runner;

  private final BenchmarkRunner benchmarks;

  EvalClassifyCommand(BenchmarkRunner benchmarks) {
    this.benchmarks = benchmarks;
  }

  abstract BenchmarkProtocol protocol();

  @Override
  public Integer call() throws IOException {
    ObjectNode s = CanonicalJson.JSON.createObjectNode();
    Settings.put(s, "format", format);
    Settings.put(s, "split", split);
    Settings.put(s, "splits_dir", splitsDir);
    Settings.put(s, "train_csv", trainCsv);
    Settings.put(s, "test_csv", testCsv);
    Settings.put(s, "ingest_short_side", ingestShortSide);
    Settings.flag(s, "allow_missing", allowMissing);
    Settings.put(s, "epochs", epochs);
    Settings.put(s, "batch", batch);
    Settings.number(s, "learning_rate", learningRate);
    Settings.number(s, "weight_decay", weightDecay);
    Settings.number(s, "dropout", dropout);
    Settings.put(s, "frames", frames);
    Settings.put(s, "frame_stride", frameStride);
    Settings.put(s, "train_size", trainSize);
    Settings.put(s, "test_size", testSize);
    Settings.put(s, "test_clips", testClips);
    Settings.put(s, "test_crops", testCrops);
    Settings.number(s, "crop_area", cropArea);
    Settings.put(s, "seed", seed);
    Settings.put(s, "loader_threads", loaderThreads);
    Settings.flag(s, "score_train", scoreTrain);
    Settings.flag(s, "force", force);
    return benchmarks.run(protocol(), Map.of("dataset", dataset), init, s, output, runner, "eval");
  }

  /** {@code constcl eval linear}. */
  @Command(name = "linear", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Linear evaluation: a linear classifier on the frozen, L2-normalised pooled backbone feature,"
          + " trained on random-resized-crop clips through the frozen graph; multi-view test on Beam."})
  static final class Linear extends EvalClassifyCommand {
    @Inject
    Linear(BenchmarkRunner benchmarks) {
      super(benchmarks);
    }

    @Override
    BenchmarkProtocol protocol() {
      return ClassificationProtocol.LINEAR;
    }
  }

  /** {@code constcl eval finetune}. */
  @Command(name = "finetune", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Fine-tuning: every layer from the pre-trained backbone, dropout and weight decay; checkpoint per"
          + " epoch and resume; multi-view test on Beam."})
  static final class Finetune extends EvalClassifyCommand {
    @Inject
    Finetune(BenchmarkRunner benchmarks) {
      super(benchmarks);
    }

    @Override
    BenchmarkProtocol protocol() {
      return ClassificationProtocol.FINETUNE;
    }
  }
}
