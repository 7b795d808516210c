package org.constcl.workflows.cli;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.options.PipelineOptions;
import org.constcl.eval.data.ClipGeometry;
import org.constcl.eval.dataset.DatasetFormatException;
import org.constcl.eval.dataset.DatasetIngest;
import org.constcl.eval.dataset.DatasetSplit;
import org.constcl.eval.model.Protocol;
import org.constcl.eval.run.BackboneSource;
import org.constcl.eval.run.EvalException;
import org.constcl.eval.run.EvalRequest;
import org.constcl.eval.run.EvalSettings;
import org.constcl.eval.run.EvaluationRun;
import org.constcl.eval.run.PretrainedCheckpoint;
import org.constcl.transforms.beam.RunnerSettings;
import org.constcl.transforms.ingest.IngestConfig;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ConsoleErrStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code constcl eval linear|finetune}: a classification protocol on a labelled dataset, from a
 * pre-trained run or a random-init backbone. See docs/evaluation.md.
 */
abstract class EvalClassifyCommand implements Callable<Integer> {
  @Option(names = "--dataset", required = true, paramLabel = "<dir>",
      description = "A labelled clip dataset (constcl ingest with label and split), or a dataset root with --format.")
  Path dataset;

  @Option(names = "--format", paramLabel = "<fmt>",
      description = "ucf101, hmdb51 or kinetics: read the official split files under --dataset and ingest the videos"
          + " into <output>/clips.")
  String format;

  @Option(names = "--split", paramLabel = "<n>", defaultValue = "1", description = "Official split (1-3; default 1).")
  int split;

  @Option(names = "--splits-dir", paramLabel = "<dir>", description = "Folder of the split files (default: the usual place under --dataset).")
  Path splitsDir;

  @Option(names = "--train-csv", paramLabel = "<csv>", description = "Kinetics: training annotations.")
  Path trainCsv;

  @Option(names = "--test-csv", paramLabel = "<csv>", description = "Kinetics: validation/test annotations.")
  Path testCsv;

  @Option(names = "--ingest-short-side", paramLabel = "<px>", defaultValue = "256",
      description = "With --format: short side of the ingested frames (default 256, the reference's test size).")
  int ingestShortSide;

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
  Float learningRate;

  @Option(names = "--weight-decay", paramLabel = "<wd>", description = "Weight decay (default: the protocol's).")
  Float weightDecay;

  @Option(names = "--dropout", paramLabel = "<p>", description = "Dropout before the classifier (default: the protocol's).")
  Float dropout;

  @Option(names = "--frames", paramLabel = "<n>", description = "Frames per clip (default: 32 for r3d50, else pre-training's).")
  Integer frames;

  @Option(names = "--frame-stride", paramLabel = "<n>", description = "Stored frames between clip frames (default: 2, or pre-training's).")
  Integer frameStride;

  @Option(names = "--train-size", paramLabel = "<px>", description = "Training crop size (default: 224 for r3d50, else pre-training's).")
  Integer trainSize;

  @Option(names = "--test-size", paramLabel = "<px>", description = "Test view size (default: 256 for r3d50, else pre-training's).")
  Integer testSize;

  @Option(names = "--test-clips", paramLabel = "<n>", defaultValue = "10", description = "Temporal clips per test video (default 10).")
  int testClips;

  @Option(names = "--test-crops", paramLabel = "<n>", defaultValue = "3", description = "Spatial crops per clip: 3 or 1 (default 3).")
  int testCrops;

  @Option(names = "--crop-area", paramLabel = "<min>", defaultValue = "0.3",
      description = "Smallest area of the training random resized crop (default 0.3; max 1).")
  double cropArea;

  @Option(names = "--seed", paramLabel = "<n>", defaultValue = "1", description = "Seed (default 1).")
  long seed;

  @Option(names = "--loader-threads", paramLabel = "<n>", defaultValue = "2", description = "Threads making training clips.")
  int loaderThreads;

  @Option(names = "--score-train", description = "Also score the train split's videos (metrics.json train_split).")
  boolean scoreTrain;

  @Option(names = "--force", description = "Discard an evaluation in --output made with other settings.")
  boolean force;

  @Option(names = {"-v", "--verbose"}, description = "Show library logs.")
  boolean verbose;

  @Mixin RunnerOptions runner;

  @Unmatched List<String> beamArgs = new ArrayList<>();

  private final Console console;
  private final PipelineLauncher launcher;

  EvalClassifyCommand(Console console, PipelineLauncher launcher) {
    this.console = console;
    this.launcher = launcher;
  }

  abstract Protocol protocol();

  @Override
  public Integer call() throws IOException {
    PrintStream progress = ConsoleErrStream.printStream(console);
    try {
      BackboneSource source = init.resolve();
      PretrainedCheckpoint ckpt = source.checkpoint();
      String spec = source.spec();
      RunnerSettings settings = runner.settings(BeamArguments.checked(beamArgs, "eval"));
      PipelineOptions options = launcher.options(settings, "constcl-eval-" + protocol().id(), true);
      String name;
      Path clips;
      if (format == null) {
        clips = dataset;
        name = dataset.getFileName().toString();
      } else {
        DatasetSplit ds = readSplit();
        name = ds.name();
        clips = output.resolve(EvaluationRun.CLIPS_DIR);
        Files.createDirectories(output);
        PipelineOptions ingestOptions = launcher.options(settings, "constcl-eval-ingest", false);
        IngestConfig ingest;
        try {
          ingest = IngestConfig.builder().shortSide(ingestShortSide).build();
        } catch (IllegalArgumentException e) {
          throw CliException.usage(e.getMessage());
        }
        DatasetIngest.run(ds, allowMissing, ingest, ingestOptions, clips, progress);
      }
      boolean reference = spec.equals("r3d50");
      int f = frames != null ? frames : reference || ckpt == null ? 32 : ckpt.model().frames();
      int st = frameStride != null ? frameStride : ckpt == null ? 2 : ckpt.frameStride();
      int tr = trainSize != null ? trainSize : reference || ckpt == null ? 224 : ckpt.model().size();
      int te = testSize != null ? testSize : reference || ckpt == null ? 256 : ckpt.model().size();
      ClipGeometry geometry;
      EvalSettings s;
      try {
        geometry = new ClipGeometry(f, st, tr, te, testClips, testCrops, new double[] {cropArea, 1.0}, new double[] {0.5, 2.0});
        s = EvalSettings.defaults(protocol(), format == null ? name : format, geometry).withSeed(seed)
            .withThreads(loaderThreads, 0);
        if (epochs != null) s = s.withEpochs(epochs);
        if (batch != null) s = s.withBatch(batch);
        if (learningRate != null) s = s.withLearningRate(learningRate);
        if (weightDecay != null) s = s.withWeightDecay(weightDecay);
        if (dropout != null) s = s.withDropout(dropout);
      } catch (IllegalArgumentException e) {
        throw CliException.usage(e.getMessage());
      }
      JsonNode m = EvaluationRun.run(new EvalRequest(name, clips, ckpt, ckpt == null ? spec : null, s, output, force,
          options, progress, scoreTrain));
      console.out().printf(Locale.ROOT, "%s %s on %s (%s init): top-1 %.4f, top-5 %.4f over %d test videos (chance %.4f); "
              + "wrote %s/metrics.json and confusion.png%n", protocol().id(), spec, name, m.get("init").asText(),
          m.get("top1").asDouble(), m.get("top5").asDouble(), m.get("scored_videos").asInt(), m.get("chance_top1").asDouble(),
          output);
      if (m.get("rejected_videos").asInt() > 0) {
        console.out().printf("%d test videos could not be read (see %s/features/rejects)%n", m.get("rejected_videos").asInt(),
            output);
      }
      console.out().flush();
      return ExitCodes.OK;
    } catch (EvalException e) {
      throw new CliException(e.isUsage() ? ExitCodes.USAGE : ExitCodes.FAILED, e.getMessage(), e);
    } catch (DatasetFormatException e) {
      throw CliException.usage(e.getMessage());
    } catch (CliException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CliException(ExitCodes.FAILED, "evaluation failed: " + CliException.rootMessage(e), e);
    }
  }

  private DatasetSplit readSplit() throws DatasetFormatException {
    return DatasetLayouts.read(format, dataset, splitsDir, split, trainCsv, testCsv);
  }

  /** {@code constcl eval linear}. */
  @Command(name = "linear", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Linear evaluation: a linear classifier on the frozen, L2-normalised pooled backbone feature,"
          + " trained on random-resized-crop clips through the frozen graph; multi-view test on Beam."})
  static final class Linear extends EvalClassifyCommand {
    @Inject
    Linear(Console console, PipelineLauncher launcher) {
      super(console, launcher);
    }

    @Override
    Protocol protocol() {
      return Protocol.LINEAR;
    }
  }

  /** {@code constcl eval finetune}. */
  @Command(name = "finetune", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Fine-tuning: every layer from the pre-trained backbone, dropout and weight decay; checkpoint per"
          + " epoch and resume; multi-view test on Beam."})
  static final class Finetune extends EvalClassifyCommand {
    @Inject
    Finetune(Console console, PipelineLauncher launcher) {
      super(console, launcher);
    }

    @Override
    Protocol protocol() {
      return Protocol.FINETUNE;
    }
  }
}
