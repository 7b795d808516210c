package org.constcl.workflows.bench;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.options.PipelineOptions;
import org.constcl.eval.data.ClipGeometry;
import org.constcl.eval.data.ClipRef;
import org.constcl.eval.data.LabelledClips;
import org.constcl.eval.extract.FeatureExtractionPipeline;
import org.constcl.eval.extract.VideoTask;
import org.constcl.eval.extract.ViewScorer;
import org.constcl.eval.model.ClassifierConfig;
import org.constcl.eval.model.ClassifierModel;
import org.constcl.eval.model.Protocol;
import org.constcl.tfmodel.train.LearningRateSchedule;
import org.constcl.workflows.console.Console;
import org.tensorflow.SavedModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Multi-view feature extraction in the Beam pipeline vs the same routine ({@link ViewScorer}: read
 * frames, render the N × M views, run the SavedModel) in a plain loop over the same videos, in one
 * JVM. The model is a classifier SavedModel exported from a seeded random-init backbone; every
 * record of the clip dataset counts as one video.
 */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = "Multi-view feature extraction from a SavedModel in the Beam pipeline vs a plain loop over the same videos.")
public final class FeatureBenchmark extends BenchVerb {
  @Mixin BenchVideo video;

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

  @Mixin BenchOptions bench;

  @Inject
  FeatureBenchmark(Console console) {
    super(console);
  }

  @Override
  String measure() throws Exception {
    ClipGeometry g = new ClipGeometry(frames, 2, size, size, testClips, testCrops, new double[] {0.3, 1}, new double[] {0.5, 2});
    Path dir = bench.workDir("features");
    List<org.constcl.transforms.input.VideoSource> sources = new java.util.ArrayList<>();
    for (org.constcl.transforms.input.VideoSource v : video.sources()) {
      sources.add(new org.constcl.transforms.input.VideoSource(v.path(), v.videoId(), "bench", 0, "test", null, null));
    }
    Path clips = BenchOptions.ingest(sources, org.constcl.transforms.ingest.IngestConfig.builder().maxSegmentFrames(64).build(),
        0, dir.resolve("clips"));
    int workers = Runtime.getRuntime().availableProcessors();
    Result r = run(clips, dir, backbone, g, org.constcl.transforms.beam.RunnerSettings.embeddedFlink().withParallelism(workers)
        .toOptions("bench-features"), workers);
    return report(r, g, video.name() + " in 64-frame records");
  }

  /** One comparison. */
  public record Result(String backbone, int videos, int views, double loopSeconds, double pipelineSeconds,
      int workers) {
    public double loopViewsPerSecond() {
      return views / loopSeconds;
    }

    public double pipelineViewsPerSecond() {
      return views / pipelineSeconds;
    }

    public double ratio() {
      return pipelineViewsPerSecond() / loopViewsPerSecond();
    }
  }

  public static Result run(Path clips, Path work, String backbone, ClipGeometry geometry, PipelineOptions options,
      int workers) throws Exception {
    LabelledClips index = LabelledClips.open(clips);
    List<VideoTask> tasks = new ArrayList<>();
    for (ClipRef c : index.clips()) {
      tasks.add(new VideoTask(c.clipId(), "bench", 0, List.of(c)));
    }
    Path model = work.resolve("classifier");
    ClassifierConfig config = new ClassifierConfig(Protocol.LINEAR, backbone, geometry.frames(), geometry.trainSize(),
        geometry.testSize(), 6, 1, 0f, 0f, 0.9f, new LearningRateSchedule(0.1f, 0, 1), 0.9f, 1e-5f, 1, 0);
    try (ClassifierModel m = ClassifierModel.build(config)) {
      m.initialize();
      m.exportSavedModel(model);
    }
    // Baseline: the routine in a plain loop, one SavedModel, warm (first video untimed).
    double loop;
    try (SavedModelBundle bundle = SavedModelBundle.load(model.toString(), "serve");
        ViewScorer scorer = new ViewScorer(geometry)) {
      scorer.score(bundle, tasks.get(0).segments());
      long t0 = System.nanoTime();
      for (VideoTask t : tasks) {
        scorer.score(bundle, t.segments());
      }
      loop = (System.nanoTime() - t0) / 1e9;
    }
    long t0 = System.nanoTime();
    FeatureExtractionPipeline.run(options, tasks, model, geometry, work.resolve("features"), 2);
    double pipeline = (System.nanoTime() - t0) / 1e9;
    return new Result(backbone, tasks.size(), tasks.size() * geometry.views(), loop, pipeline, workers);
  }

  public static String report(Result r, ClipGeometry g, String clips) {
    return String.format(Locale.ROOT,
        "feature extraction, %s backbone, %d videos (%s) x %d views of %dx%dx%d:%n"
            + "  plain loop     %.1f s  %.1f views/s%n"
            + "  Beam pipeline  %.1f s  %.1f views/s (embedded Flink, %d workers, job start included)%n"
            + "  ratio pipeline/loop %.3f%n",
        r.backbone(), r.videos(), clips, g.views(), g.frames(), g.testSize(), g.testSize(), r.loopSeconds(),
        r.loopViewsPerSecond(), r.pipelineSeconds(), r.pipelineViewsPerSecond(), r.workers(), r.ratio());
  }
}
