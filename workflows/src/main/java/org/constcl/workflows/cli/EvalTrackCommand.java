package org.constcl.workflows.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.constcl.eval.benchmark.TrackingProtocol;
import org.constcl.workflows.plan.CanonicalJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code constcl eval track}: the {@link TrackingProtocol} with named options. */
@Command(name = "track", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Tracking: a SiamFC tracker on the backbone (res4/res5 first block at stride 1, dilation 2/4),"
        + " optionally fine-tuned on GOT-10k-format pairs, one-pass evaluation on OTB-format sequences; results in the"
        + " OTB and GOT-10k layouts, success/precision plots and metrics.json."})
final class EvalTrackCommand implements Callable<Integer> {
  @Option(names = "--sequences", required = true, paramLabel = "<dir>",
      description = "OTB root (<Seq>/img/0001.jpg, <Seq>/groundtruth_rect.txt) or one sequence folder.")
  Path sequences;

  @Option(names = "--train", paramLabel = "<dir>",
      description = "GOT-10k split folder to fine-tune on (list.txt, <seq>/00000001.jpg, groundtruth.txt), or a root"
          + " holding it as train/. Without it the backbone tracks as it is (only the response scale is untrained).")
  Path train;

  @Mixin BackboneInitOptions init;

  @Option(names = "--semantics", paramLabel = "<otb|got10k|pysot>",
      description = "How invalid ground truth and predictions are scored (default otb).")
  String semantics;

  @Option(names = "--epochs", paramLabel = "<n>", description = "Fine-tuning epochs (default 20).")
  Integer epochs;

  @Option(names = "--pairs-per-epoch", paramLabel = "<n>",
      description = "Pairs per epoch (default 0: one per usable training frame).")
  Integer pairsPerEpoch;

  @Option(names = "--batch", paramLabel = "<n>", description = "Pairs per step (default 256).")
  Integer batch;

  @Option(names = "--learning-rate", paramLabel = "<lr>", description = "Peak learning rate, cosine decay (default 0.1).")
  String learningRate;

  @Option(names = "--weight-decay", paramLabel = "<wd>", description = "Weight decay (default 1e-4).")
  String weightDecay;

  @Option(names = "--max-gap", paramLabel = "<frames>", description = "Largest frame gap in a pair (default 100).")
  Integer maxGap;

  @Option(names = "--exemplar-size", paramLabel = "<px>", description = "Exemplar crop (default 127).")
  Integer exemplarSize;

  @Option(names = "--search-size", paramLabel = "<px>", description = "Search crop (default 255).")
  Integer searchSize;

  @Mixin DownstreamRunOptions run;

  private final BenchmarkRunner benchmarks;

  @Inject
  EvalTrackCommand(BenchmarkRunner benchmarks) {
    this.benchmarks = benchmarks;
  }

  @Override
  public Integer call() throws IOException {
    ObjectNode s = CanonicalJson.JSON.createObjectNode();
    Settings.put(s, "semantics", semantics);
    Settings.put(s, "epochs", epochs);
    Settings.put(s, "pairs_per_epoch", pairsPerEpoch);
    Settings.put(s, "batch", batch);
    Settings.number(s, "learning_rate", learningRate);
    Settings.number(s, "weight_decay", weightDecay);
    Settings.put(s, "max_gap", maxGap);
    Settings.put(s, "exemplar_size", exemplarSize);
    Settings.put(s, "search_size", searchSize);
    run.putInto(s);
    Map<String, Path> inputs = new LinkedHashMap<>();
    inputs.put("dataset", sequences);
    if (train != null) {
      inputs.put("train", train);
    }
    return benchmarks.run(new TrackingProtocol(), inputs, init, s, run.output, null, "eval track");
  }
}
