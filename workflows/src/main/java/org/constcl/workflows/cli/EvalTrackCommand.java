package org.constcl.workflows.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.constcl.eval.run.BackboneSource;
import org.constcl.eval.track.OtbSemantics;
import org.constcl.eval.track.SiamFcConfig;
import org.constcl.eval.track.SiamFcTracker;
import org.constcl.eval.track.TrackingRun;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ConsoleErrStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code constcl eval track}: SiamFC on the pre-trained backbone, fine-tuned on GOT-10k data, OPE on OTB sequences. */
@Command(name = "track", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Tracking: a SiamFC tracker on the backbone (res4/res5 first block at stride 1, dilation 2/4),"
        + " optionally fine-tuned on GOT-10k-format pairs, one-pass evaluation on OTB-format sequences; results in the"
        + " OTB and GOT-10k layouts, success/precision plots and metrics.json."})
final class EvalTrackCommand implements Callable<Integer> {
  @Option(names = "--sequences", required = true, paramLabel = "<dir>",
      description = "OTB root (<Seq>/img/0001.jpg, <Seq>/groundtruth_rect.txt) or one sequence folder.")
  Path sequences;

  @Option(names = "--train", paramLabel = "<dir>",
      description = "GOT-10k split folder to fine-tune on (list.txt, <seq>/00000001.jpg, groundtruth.txt). Without it the"
          + " backbone tracks as it is (only the response scale is untrained).")
  Path train;

  @Mixin BackboneInitOptions init;

  @Option(names = "--semantics", defaultValue = "otb", paramLabel = "<otb|got10k|pysot>",
      description = "How invalid ground truth and predictions are scored (default otb).")
  String semantics;

  @Option(names = "--epochs", defaultValue = "20", paramLabel = "<n>", description = "Fine-tuning epochs (default 20).")
  int epochs;

  @Option(names = "--pairs-per-epoch", defaultValue = "0", paramLabel = "<n>",
      description = "Pairs per epoch (default 0: one per usable training frame).")
  int pairsPerEpoch;

  @Option(names = "--batch", defaultValue = "256", paramLabel = "<n>", description = "Pairs per step (default 256).")
  int batch;

  @Option(names = "--learning-rate", defaultValue = "0.1", paramLabel = "<lr>", description = "Peak learning rate, cosine decay (default 0.1).")
  float learningRate;

  @Option(names = "--weight-decay", defaultValue = "1e-4", paramLabel = "<wd>", description = "Weight decay (default 1e-4).")
  float weightDecay;

  @Option(names = "--max-gap", defaultValue = "100", paramLabel = "<frames>", description = "Largest frame gap in a pair (default 100).")
  int maxGap;

  @Option(names = "--exemplar-size", defaultValue = "127", paramLabel = "<px>", description = "Exemplar crop (default 127).")
  int exemplarSize;

  @Option(names = "--search-size", defaultValue = "255", paramLabel = "<px>", description = "Search crop (default 255).")
  int searchSize;

  @Mixin DownstreamRunOptions run;

  private final Console console;

  @Inject
  EvalTrackCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws IOException {
    PrintStream progress = ConsoleErrStream.printStream(console);
    return EvalFailures.handle("tracking evaluation", () -> {
      OtbSemantics sem = OtbSemantics.of(semantics);
      BackboneSource source = init.resolve();
      SiamFcConfig config =
          new SiamFcConfig(source.spec(), exemplarSize, searchSize, batch, weightDecay, 0.9f, run.seed, run.threads);
      TrackingRun.Outcome o = TrackingRun.run(new TrackingRun.Request(train, epochs, pairsPerEpoch, maxGap, learningRate,
          sequences, sem, SiamFcTracker.Settings.siamFc(), source, config, run.output), progress);
      console.out().printf(Locale.ROOT, "track %s (%s init): AUC %.4f, precision@20px %.4f, success@0.5 %.4f, %.1f frames/s"
              + " after %d fine-tuning steps; wrote %s%n", source.spec(), source.checkpoint() == null ? "random" : "pre-trained",
          o.auc(), o.precisionAt20(), o.successAt05(), o.framesPerSecond(), o.steps(), o.metrics());
      console.out().flush();
      return ExitCodes.OK;
    });
  }
}
