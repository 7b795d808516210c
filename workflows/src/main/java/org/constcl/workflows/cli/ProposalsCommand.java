package org.constcl.workflows.cli;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.options.PipelineOptions;
import org.constcl.proposal.detect.ModelException;
import org.constcl.proposal.detect.ModelFile;
import org.constcl.proposal.pipeline.ClipDataset;
import org.constcl.proposal.pipeline.ProposalPipeline;
import org.constcl.proposal.pipeline.ProposalProgress;
import org.constcl.proposal.source.ProposalConfig;
import org.constcl.proposal.source.Proposers;
import org.constcl.transforms.beam.RunnerSettings;
import org.constcl.transforms.summary.SummaryFiles;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code constcl proposals}: one region source over a clip dataset to a box dataset. See docs/proposals.md. */
@Command(
    name = "proposals",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    subcommands = {ProposalsRenderCommand.class, ProposalsCheckCommand.class, ProposalsSourcesCommand.class},
    description = {
      "Compute one region source's boxes for every clip of a clip dataset: box shards aligned with the clip"
          + " shards, rejects, and _SUMMARY.json.",
      "Sources: random, slic, graph, person (OpenCV HOG, or --model), object (selective search, or --model).",
      "Runs on the DirectRunner for inputs of at most 64 MB, else on embedded Flink (--runner); --flinkMaster=host:port"
          + " submits to a Flink cluster."
    })
final class ProposalsCommand implements Callable<Integer> {
  @Option(names = "--source", paramLabel = "<name>", description = "Region source: random, slic, graph, person or object.")
  String source;

  @Option(names = "--clips", paramLabel = "<dir>", description = "Clip dataset written by constcl ingest.")
  Path clips;

  @Option(names = "--output", paramLabel = "<dir>", description = "Box dataset folder to write.")
  Path output;

  @Option(names = "--overwrite", description = "Replace the contents of a non-empty output folder.")
  boolean overwrite;

  @Option(names = "--frame-stride", paramLabel = "<k>", defaultValue = "1",
      description = "Compute boxes on stored frames 0, k, 2k, ... (default: every frame).")
  int frameStride;

  @Option(names = "--seed", paramLabel = "<n>", defaultValue = "" + ProposalConfig.DEFAULT_SEED,
      description = "Seed of the random source and of selective search's ranking (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--model", paramLabel = "<file|dir>",
      description = "Detector for person/object: an ONNX file (OpenCV DNN) or a TensorFlow SavedModel folder.")
  Path model;

  @Option(names = "--score-threshold", paramLabel = "<s>", description = "Minimum detection score (detectors).")
  String scoreThreshold;

  @Option(names = "--nms-iou", paramLabel = "<iou>", description = "Non-maximum suppression IoU (detectors).")
  String nmsIou;

  @Option(names = "--max-boxes", paramLabel = "<n>", description = "Boxes kept per frame (detectors).")
  String maxBoxes;

  @Option(names = "--set", paramLabel = "<key=value>",
      description = "Set a source parameter; constcl proposals sources lists them with their defaults.")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(names = {"-v", "--verbose"}, description = "Show library logs.")
  boolean verbose;

  @Mixin RunnerOptions runner;

  private final Console console;
  private final PipelineLauncher launcher;

  @Inject
  ProposalsCommand(Console console, PipelineLauncher launcher) {
    this.console = console;
    this.launcher = launcher;
  }

  @Override
  @SuppressWarnings("try") // the progress printer only needs closing
  public Integer call() throws IOException {
    if (source == null || clips == null || output == null) {
      throw CliException.usage("--source, --clips and --output are required (or a subcommand: render, check, sources)");
    }
    ProposalConfig config = config();
    ClipDataset dataset;
    try {
      dataset = ClipDataset.open(clips);
    } catch (IOException e) {
      throw CliException.usage(e.getMessage());
    }
    try {
      // A model that cannot load or be read fails here, in one line, before any pipeline starts.
      Proposers.check(config, 320, 240);
    } catch (ModelException e) {
      throw CliException.usage(e.getMessage());
    }
    RunnerSettings settings = runner.settings("proposals", RunnerOptions.bytesUnder(java.util.List.of(clips)));
    // A SavedModel detector runs TensorFlow on the workers: the full jar is staged.
    PipelineOptions options = launcher.options(settings, "constcl-proposals-" + config.source(),
        config.model() != null && config.model().format() == ModelFile.Format.SAVED_MODEL);
    long start = System.nanoTime();
    JsonNode summary;
    try (ProgressPrinter progress = settings.inProcess()
        ? new ProgressPrinter(console, "proposals " + config.source(), "clips", dataset.records(),
            ProposalProgress::clips, ProposalProgress::frames, console.interactive() ? 1000 : 10_000)
        : null) {
      summary = ProposalPipeline.run(options, config, clips, output, overwrite);
    } catch (IOException e) {
      throw CliException.usage(e.getMessage());
    } catch (RuntimeException e) {
      throw new CliException(ExitCodes.FAILED, "proposals failed: " + CliException.rootMessage(e), e);
    }
    report(summary, (System.nanoTime() - start) / 1e9);
    if (summary.path("missing_records").asLong() > 0) {
      throw new CliException(ExitCodes.FAILED, summary.path("missing_records").asLong()
          + " clips could not be read from the clip shards, so the box dataset does not align (see the rejects)");
    }
    return ExitCodes.OK;
  }

  private ProposalConfig config() {
    try {
      ProposalConfig.Builder b = ProposalConfig.builder(source).frameStride(frameStride).seed(seed).setAll(params);
      if (scoreThreshold != null) b.set("score-threshold", scoreThreshold);
      if (nmsIou != null) b.set("nms-iou", nmsIou);
      if (maxBoxes != null) b.set("max-boxes", maxBoxes);
      if (model != null) b.model(model);
      return b.build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  private void report(JsonNode s, double seconds) {
    console.out().printf(Locale.ROOT,
        "%s boxes (%s) for %d of %d clips: %,d frames, %,d boxes (%.2f per frame) in %.1f s%n",
        s.get("source").asText(), s.get("engine").asText(), s.get("ok_records").asLong(),
        s.get("clips").get("records").asLong(), s.get("frames_with_boxes").asLong(), s.get("boxes").asLong(),
        s.get("mean_boxes_per_frame").asDouble(), seconds);
    RejectReport.print(console, s.get("rejects"), output);
    console.out().printf("wrote %s (%d shards aligned with %s), config %s, digest %s%n",
        output.resolve(SummaryFiles.FILE_NAME), s.get("shards").get("count").asInt(), clips,
        s.get("config_digest").asText(), s.get("digest").asText());
    console.out().flush();
  }
}
