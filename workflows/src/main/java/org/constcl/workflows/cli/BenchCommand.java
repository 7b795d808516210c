package org.constcl.workflows.cli;

import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.constcl.workflows.bench.IngestBenchmark;
import org.constcl.workflows.bench.ModelBenchmark;
import org.constcl.workflows.bench.ProposalBenchmark;
import org.constcl.workflows.console.Console;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code constcl bench}: benchmarks that print a ratio against a named baseline. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks, each against a named baseline run in the same invocation (docs/benchmarks.md).",
    subcommands = {BenchCommand.Ingest.class, BenchCommand.Proposals.class, BenchCommand.Model.class, BenchCommand.Train.class,
        BenchCommand.Features.class, BenchCommand.Engine.class, BenchCommand.AvaMap.class,
        BenchCommand.Track.class})
final class BenchCommand {

  /** {@code constcl bench ava-map}. */
  @Command(
      name = "ava-map",
      mixinStandardHelpOptions = true,
      description = "AVA frame-mAP evaluation of a synthetic detection file vs one plain pass over the same rows.")
  static final class AvaMap implements Callable<Integer> {
    @Option(names = "--detections", defaultValue = "100000", paramLabel = "<n>", description = "Detection rows (default: ${DEFAULT-VALUE}).")
    int detections;

    @Option(names = "--repeats", defaultValue = "3", paramLabel = "<n>", description = "Timed runs of each side (default: 3).")
    int repeats;

    private final Console console;

    @Inject
    AvaMap(Console console) {
      this.console = console;
    }

    @Override
    public Integer call() throws Exception {
      if (repeats < 1 || detections < 1) {
        throw CliException.usage("--repeats and --detections must be at least 1");
      }
      console.out().print(org.constcl.workflows.bench.AvaMapBenchmark.run(detections, repeats,
          Files.createTempDirectory("constcl-bench-ava-")));
      console.out().flush();
      return ExitCodes.OK;
    }
  }

  /** {@code constcl bench track}. */
  @Command(
      name = "track",
      mixinStandardHelpOptions = true,
      description = "SiamFC tracker frames/s on OTB-format sequences vs decoding and cropping the same frames without the network.")
  static final class Track implements Callable<Integer> {
    @Option(names = "--sequences", required = true, paramLabel = "<dir>", description = "OTB root or one sequence folder.")
    Path sequences;

    @Option(names = "--backbone", defaultValue = "small", paramLabel = "<spec>", description = "Backbone spec (default: ${DEFAULT-VALUE}).")
    String backbone;

    @Option(names = "--exemplar-size", defaultValue = "127", paramLabel = "<px>", description = "Exemplar crop (default: ${DEFAULT-VALUE}).")
    int exemplarSize;

    @Option(names = "--search-size", defaultValue = "255", paramLabel = "<px>", description = "Search crop (default: ${DEFAULT-VALUE}).")
    int searchSize;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "<n>", description = "TensorFlow threads (default: one per core).")
    int threads;

    @Option(names = "--repeats", defaultValue = "3", paramLabel = "<n>", description = "Timed runs of each side (default: 3).")
    int repeats;

    private final Console console;

    @Inject
    Track(Console console) {
      this.console = console;
    }

    @Override
    public Integer call() throws Exception {
      if (repeats < 1) {
        throw CliException.usage("--repeats must be at least 1");
      }
      try {
        console.out().print(org.constcl.workflows.bench.TrackerBenchmark.run(sequences, backbone, exemplarSize, searchSize,
            threads, repeats));
      } catch (IllegalArgumentException e) {
        throw CliException.usage(e.getMessage());
      }
      console.out().flush();
      return ExitCodes.OK;
    }
  }

  /** {@code constcl bench engine}. */
  @Command(
      name = "engine",
      mixinStandardHelpOptions = true,
      description = {"Experiment engine overheads: planning a 1,000-cell grid vs loading it; a fully cached re-run vs JVM"
          + " start; an ingest job on embedded Flink vs the DirectRunner."})
  static final class Engine implements Callable<Integer> {
    @Option(names = "--experiment", defaultValue = "experiments/quickstart.yaml", paramLabel = "<file>",
        description = "Experiment to re-run fully cached and to extend into the grid (default: ${DEFAULT-VALUE}).")
    Path experiment;

    @Option(names = "--store", required = true, paramLabel = "<dir>", description = "A store where the experiment has run.")
    Path store;

    @Option(names = "--videos", defaultValue = "infra/samples/videos", paramLabel = "<dir>",
        description = "Videos for the ingest job (default: ${DEFAULT-VALUE}).")
    Path videos;

    @Option(names = "--repeats", defaultValue = "3", paramLabel = "<n>", description = "Timed runs of each side (default: 3).")
    int repeats;

    private final Console console;

    @Inject
    Engine(Console console) {
      this.console = console;
    }

    @Override
    public Integer call() throws Exception {
      if (repeats < 1) {
        throw CliException.usage("--repeats must be at least 1");
      }
      Path dir = Files.createTempDirectory("constcl-bench-engine-");
      console.out().print(org.constcl.workflows.bench.EngineBenchmark.run(experiment, store, videos, repeats, dir));
      console.out().flush();
      return ExitCodes.OK;
    }
  }

  /** {@code constcl bench ingest}. */
  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description = "Ingest with one worker vs ffmpeg -threads 1 frame extraction of the same video.")
  static final class Ingest implements Callable<Integer> {
    @Option(names = "--video", required = true, paramLabel = "<file>",
        description = "Video to ingest, e.g. ../shared/data/videos/vtest.avi.")
    Path video;

    @Option(names = "--repeats", defaultValue = "3", paramLabel = "<n>", description = "Timed runs of each side (default: 3).")
    int repeats;

    @Option(names = "--work-dir", paramLabel = "<dir>", description = "Scratch folder (default: a new temporary folder).")
    Path workDir;

    private final Console console;

    @Inject
    Ingest(Console console) {
      this.console = console;
    }

    @Override
    public Integer call() throws Exception {
      if (!Files.isRegularFile(video)) {
        throw CliException.usage(video + ": no such video");
      }
      if (repeats < 1) {
        throw CliException.usage("--repeats must be at least 1");
      }
      Path dir = workDir != null ? workDir : Files.createTempDirectory("constcl-bench-");
      IngestBenchmark.Result r = IngestBenchmark.run(video, repeats, dir);
      console.out().print(r.report());
      console.out().flush();
      return ExitCodes.OK;
    }
  }

  /** {@code constcl bench proposals}. */
  @Command(
      name = "proposals",
      mixinStandardHelpOptions = true,
      description = "Each region source inside the proposals pipeline vs the same routine in a plain loop over the same frames.")
  static final class Proposals implements Callable<Integer> {
    @Option(names = "--video", required = true, paramLabel = "<file>",
        description = "Video to ingest and propose on, e.g. ../shared/data/videos/vtest.avi.")
    Path video;

    @Option(names = "--sources", split = ",", defaultValue = "random,slic,graph,person,object", paramLabel = "<a,b>",
        description = "Sources to measure (default: all).")
    List<String> sources;

    @Option(names = "--stride", defaultValue = "1", paramLabel = "<k>",
        description = "Frame stride of random, slic and graph (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--slow-stride", defaultValue = "4", paramLabel = "<k>",
        description = "Frame stride of person and object (default: ${DEFAULT-VALUE}).")
    int slowStride;

    @Option(names = "--segment-frames", defaultValue = "32", paramLabel = "<n>",
        description = "Clip length when ingesting, so that clips spread evenly over workers (default: ${DEFAULT-VALUE}).")
    int segmentFrames;

    @Option(names = "--workers", defaultValue = "0", paramLabel = "<n>", description = "Workers (default: one per core).")
    int workers;

    @Option(names = "--work-dir", paramLabel = "<dir>", description = "Scratch folder (default: a new temporary folder).")
    Path workDir;

    private final Console console;

    @Inject
    Proposals(Console console) {
      this.console = console;
    }

    @Override
    public Integer call() throws Exception {
      if (!Files.isRegularFile(video)) {
        throw CliException.usage(video + ": no such video");
      }
      for (String s : sources) {
        try {
          org.constcl.proposal.source.RegionSource.parse(s);
        } catch (IllegalArgumentException e) {
          throw CliException.usage(e.getMessage());
        }
      }
      int n = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
      Path dir = workDir != null ? workDir : Files.createTempDirectory("constcl-bench-");
      Path clips = dir.resolve("clips");
      org.constcl.transforms.ingest.IngestPipeline.run(
          org.constcl.transforms.beam.RunnerSettings.embeddedFlink().withParallelism(n).toOptions("bench-ingest"),
          org.constcl.transforms.input.VideoInputs.resolve(video.toString(), null),
          org.constcl.transforms.ingest.IngestConfig.builder().maxSegmentFrames(segmentFrames).build(), clips, true);
      List<ProposalBenchmark.SourceResult> r = ProposalBenchmark.run(clips, dir, sources, stride, slowStride, n);
      console.out().print(ProposalBenchmark.report(r, video.getFileName() + " at short side 256 in "
          + segmentFrames + "-frame clips"));
      console.out().flush();
      return ExitCodes.OK;
    }
  }

  /** {@code constcl bench model}. */
  @Command(
      name = "model",
      mixinStandardHelpOptions = true,
      description = "Training-step speed (backbone and full ConST-CL, r3d50 and small) vs a float32 MatMul peak.")
  static final class Model implements Callable<Integer> {
    @Option(names = "--steps", defaultValue = "10", paramLabel = "<n>", description = "Timed steps per workload (default: 10).")
    int steps;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "<n>", description = "Intra-op threads (default: one per core).")
    int threads;

    private final Console console;

    @Inject
    Model(Console console) {
      this.console = console;
    }

    @Override
    public Integer call() throws Exception {
      if (steps < 1) {
        throw CliException.usage("--steps must be at least 1");
      }
      int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
      console.out().print(ModelBenchmark.run(steps, t).report());
      console.out().flush();
      return ExitCodes.OK;
    }
  }

  /** {@code constcl bench train}. */
  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description = "The training step with its data loader vs the graph step alone on a fixed batch (cpu-small, r3d50 at 8x112x112).")
  static final class Train implements Callable<Integer> {
    @Option(names = "--video", required = true, paramLabel = "<file>",
        description = "Video to ingest and train on, e.g. ../shared/data/videos/vtest.avi.")
    Path video;

    @Option(names = "--workloads", split = ",", defaultValue = "cpu-small,r3d50-8x112", paramLabel = "<a,b>",
        description = "Workloads (default: ${DEFAULT-VALUE}).")
    List<String> workloads;

    @Option(names = "--steps", defaultValue = "20", paramLabel = "<n>", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--short-side", defaultValue = "256", paramLabel = "<px>",
        description = "Short side of the ingested frames (default: ${DEFAULT-VALUE}).")
    int shortSide;

    @Option(names = "--work-dir", paramLabel = "<dir>", description = "Scratch folder (default: a new temporary folder).")
    Path workDir;

    private final Console console;

    @Inject
    Train(Console console) {
      this.console = console;
    }

    @Override
    public Integer call() throws Exception {
      if (!Files.isRegularFile(video)) {
        throw CliException.usage(video + ": no such video");
      }
      for (String w : workloads) {
        try {
          org.constcl.workflows.bench.TrainBenchmark.workload(w);
        } catch (IllegalArgumentException e) {
          throw CliException.usage(e.getMessage());
        }
      }
      Path dir = workDir != null ? workDir : Files.createTempDirectory("constcl-bench-");
      Path clips = dir.resolve("clips");
      org.constcl.transforms.ingest.IngestPipeline.run(
          org.constcl.transforms.beam.RunnerSettings.embeddedFlink().toOptions("bench-ingest"),
          org.constcl.transforms.input.VideoInputs.resolve(video.toString(), null),
          org.constcl.transforms.ingest.IngestConfig.builder().maxSegmentFrames(64).shortSide(shortSide).build(), clips, true);
      List<org.constcl.workflows.bench.TrainBenchmark.Result> results = new java.util.ArrayList<>();
      for (String w : workloads) {
        results.add(org.constcl.workflows.bench.TrainBenchmark.run(w, clips, steps, Math.max(10, steps)));
      }
      console.out().print(org.constcl.workflows.bench.TrainBenchmark.report(results,
          video.getFileName() + " (64-frame clips at short side " + shortSide + ")"));
      console.out().flush();
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "features",
      mixinStandardHelpOptions = true,
      description = "Multi-view feature extraction from a SavedModel in the Beam pipeline vs a plain loop over the same videos.")
  static final class Features implements Callable<Integer> {
    @Option(names = "--video", required = true, paramLabel = "<file>",
        description = "Video to ingest (in 64-frame records, each scored as one video), e.g. ../shared/data/videos/vtest.avi.")
    Path video;

    @Option(names = "--backbone", defaultValue = "small", paramLabel = "<spec>", description = "Backbone spec (default: ${DEFAULT-VALUE}).")
    String backbone;

    @Option(names = "--frames", defaultValue = "16", paramLabel = "<n>", description = "Frames per view (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--size", defaultValue = "224", paramLabel = "<px>", description = "View size (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--test-clips", defaultValue = "10", paramLabel = "<n>", description = "Temporal clips (default: ${DEFAULT-VALUE}).")
    int testClips;

    @Option(names = "--test-crops", defaultValue = "3", paramLabel = "<n>", description = "Spatial crops (default: ${DEFAULT-VALUE}).")
    int testCrops;

    @Option(names = "--work-dir", paramLabel = "<dir>", description = "Scratch folder (default: a new temporary folder).")
    Path workDir;

    private final Console console;

    @Inject
    Features(Console console) {
      this.console = console;
    }

    @Override
    public Integer call() throws Exception {
      if (!Files.isRegularFile(video)) {
        throw CliException.usage(video + ": no such video");
      }
      org.constcl.eval.data.ClipGeometry g = new org.constcl.eval.data.ClipGeometry(frames, 2, size, size, testClips, testCrops,
          new double[] {0.3, 1}, new double[] {0.5, 2});
      Path dir = workDir != null ? workDir : Files.createTempDirectory("constcl-bench-");
      Path clips = dir.resolve("clips");
      java.util.List<org.constcl.transforms.input.VideoSource> sources = new java.util.ArrayList<>();
      for (org.constcl.transforms.input.VideoSource v : org.constcl.transforms.input.VideoInputs.resolve(video.toString(), null)) {
        sources.add(new org.constcl.transforms.input.VideoSource(v.path(), v.videoId(), "bench", 0, "test", null, null));
      }
      org.constcl.transforms.ingest.IngestPipeline.run(
          org.constcl.transforms.beam.RunnerSettings.embeddedFlink().toOptions("bench-ingest"), sources,
          org.constcl.transforms.ingest.IngestConfig.builder().maxSegmentFrames(64).build(), clips, true);
      int workers = Runtime.getRuntime().availableProcessors();
      org.constcl.workflows.bench.FeatureBenchmark.Result r = org.constcl.workflows.bench.FeatureBenchmark.run(clips, dir,
          backbone, g, org.constcl.transforms.beam.RunnerSettings.embeddedFlink().withParallelism(workers)
              .toOptions("bench-features"), workers);
      console.out().print(org.constcl.workflows.bench.FeatureBenchmark.report(r, g, video.getFileName() + " in 64-frame records"));
      console.out().flush();
      return ExitCodes.OK;
    }
  }
}
