package org.constcl.workflows.bench;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.constcl.tfmodel.data.BatchLoader;
import org.constcl.tfmodel.data.ClipIndex;
import org.constcl.tfmodel.data.DataSettings;
import org.constcl.tfmodel.data.LoadedBatch;
import org.constcl.tfmodel.model.ConstclModel;
import org.constcl.tfmodel.trainer.ConfigTree;
import org.constcl.tfmodel.trainer.TrainConfig;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The training step with and without its data loader, in one JVM: the loader alone (clips/s),
 * the graph step alone on one fixed batch (the baseline), and the full step (the next batch from
 * the loader, then the graph step) — the trainer's loop. The ratio full / graph-only says whether
 * the loader starves training; both share the same cores.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "The training step with its data loader vs the graph step alone on a fixed batch (cpu-small, cpu-small with a core per side, r3d50 at 8x112x112).")
public final class TrainBenchmark extends BenchVerb {
  @Mixin BenchVideo video;

  @Option(names = "--workloads", split = ",", defaultValue = "cpu-small,cpu-small-split,r3d50-8x112", paramLabel = "<a,b>",
      description = "Workloads (default: ${DEFAULT-VALUE}).")
  List<String> workloads;

  @Option(names = "--steps", defaultValue = "20", paramLabel = "<n>", description = "Timed steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--short-side", defaultValue = "256", paramLabel = "<px>",
      description = "Short side of the ingested frames (default: ${DEFAULT-VALUE}).")
  int shortSide;

  @Option(names = "--set", paramLabel = "<key=value>",
      description = "Override a training setting in every workload, e.g. --set train.threads=1 --set data.loader_threads=1"
          + " (a core for the graph and one for the loader on two cores: the ratio with a spare core per side).")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Mixin BenchOptions bench;

  @Inject
  TrainBenchmark(Console console) {
    super(console);
  }

  @Override
  String measure() throws Exception {
    for (String w : workloads) {
      try {
        workload(w, overrides);
      } catch (IllegalArgumentException e) {
        throw CliException.usage(e.getMessage());
      }
    }
    Path clips = BenchOptions.ingest(video.sources(),
        org.constcl.transforms.ingest.IngestConfig.builder().maxSegmentFrames(64).shortSide(shortSide).build(), 0,
        bench.workDir("train").resolve("clips"));
    List<Result> results = new ArrayList<>();
    for (String w : workloads) {
      results.add(run(workload(w, overrides), w, clips, steps, Math.max(10, steps)));
    }
    String settings = overrides.isEmpty() ? "" : ", with " + overrides;
    return report(results, video.name() + " (64-frame clips at short side " + shortSide + settings + ")")
        + capacity(CoreCapacity.measure(3));
  }

  /** One workload's measurements. */
  public record Result(String name, int clipsPerBatch, int loaderThreads, double loaderClipsPerSecond,
      double graphMsPerStep, double fullMsPerStep, double loaderWaitMsPerStep) {
    public double ratio() {
      return fullMsPerStep / graphMsPerStep;
    }
  }

  /**
   * Workloads by name: {@code cpu-small} (the preset), {@code cpu-small-split} (the preset with one
   * TensorFlow intra-op thread and one loader thread: a core per side on two cores, the layout four
   * cores give the preset's two-and-two) and {@code r3d50-8x112} (r3d50, 8x112x112, 1 clip).
   */
  public static TrainConfig workload(String name) {
    return workload(name, Map.of());
  }

  /** Workload {@code name} with {@code key=value} overrides (as {@code constcl train --set} takes them). */
  public static TrainConfig workload(String name, Map<String, String> overrides) {
    ConfigTree t;
    switch (name) {
      case "cpu-small" -> t = ConfigTree.preset("cpu-small");
      case "cpu-small-split" -> {
        t = ConfigTree.preset("cpu-small");
        t.set("train.threads", "1");
        t.set("data.loader_threads", "1");
      }
      case "r3d50-8x112" -> {
        t = ConfigTree.preset("paper");
        t.set("model.frames", "8");
        t.set("model.size", "112");
        t.set("model.context", "3");
        t.set("data.clips_per_batch", "1");
        t.set("data.loader_threads", "2");
        t.set("data.prefetch_batches", "2");
        t.set("data.shuffle_buffer", "64");
        t.set("optimizer.learning_rate", "0.01");
        t.set("optimizer.warmup_steps", "0");
      }
      default -> throw new IllegalArgumentException("unknown workload " + name + "; cpu-small, cpu-small-split or r3d50-8x112");
    }
    overrides.forEach(t::set);
    return TrainConfig.of(t);
  }

  /** Measures {@code config} (workload {@code name}) on {@code clips}. */
  public static Result run(TrainConfig config, String name, Path clips, int steps, int loaderBatches) throws Exception {
    DataSettings data = config.data();
    ClipIndex index = ClipIndex.open(clips, null);
    // Loader alone.
    double loaderClipsPerSecond;
    try (BatchLoader loader = new BatchLoader(index, data, 0)) {
      loader.next(); // warm-up: thread start, first reads
      long t0 = System.nanoTime();
      for (int i = 0; i < loaderBatches; i++) {
        loader.next();
      }
      loaderClipsPerSecond = loaderBatches * data.clipsPerBatch() / ((System.nanoTime() - t0) / 1e9);
    }
    try (ConstclModel model = ConstclModel.build(config.model())) {
      model.initialize();
      LoadedBatch fixed;
      try (BatchLoader loader = new BatchLoader(index, data, 0)) {
        fixed = loader.next();
      }
      for (int i = 0; i < 2; i++) {
        model.trainStep(fixed.batch());
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        model.trainStep(fixed.batch());
      }
      double graph = (System.nanoTime() - t0) / 1e6 / steps;
      double waited = 0;
      try (BatchLoader loader = new BatchLoader(index, data, 0)) {
        model.trainStep(loader.next().batch());
        long t1 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
          long w = System.nanoTime();
          LoadedBatch b = loader.next();
          waited += (System.nanoTime() - w) / 1e6;
          model.trainStep(b.batch());
        }
        double full = (System.nanoTime() - t1) / 1e6 / steps;
        return new Result(name, data.clipsPerBatch(), data.threads(), loaderClipsPerSecond, graph, full, waited / steps);
      }
    }
  }

  public static String report(List<Result> results, String clipsDescription) {
    StringBuilder sb = new StringBuilder();
    sb.append("training step with its loader vs the graph step alone on ").append(clipsDescription).append('\n');
    for (Result r : results) {
      sb.append(String.format(Locale.ROOT,
          "%-12s batch %d clips, %d loader threads: loader alone %.1f clips/s; graph step alone %.1f ms;"
              + " full step %.1f ms (loader wait %.1f ms) -> ratio %.3f%n",
          r.name(), r.clipsPerBatch(), r.loaderThreads(), r.loaderClipsPerSecond(), r.graphMsPerStep(), r.fullMsPerStep(),
          r.loaderWaitMsPerStep(), r.ratio()));
    }
    return sb.toString();
  }

  /** The machine line under the results: what its cores deliver together. */
  static String capacity(CoreCapacity.Result c) {
    return String.format(Locale.ROOT,
        "machine: %d cores busy at once do %.2f x one core's work (a CPU loop: %.2f s alone, %.2f s each side by side)%n",
        c.threads(), c.capacity(), c.singleSeconds(), c.parallelSeconds());
  }
}
