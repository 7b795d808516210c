package org.constcl.workflows.bench;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.constcl.proposal.pipeline.ProposalPipeline;
import org.constcl.proposal.pipeline.ProposalProgress;
import org.constcl.proposal.source.FrameRef;
import org.constcl.proposal.source.ProposalConfig;
import org.constcl.proposal.source.Proposers;
import org.constcl.proposal.source.RegionProposer;
import org.constcl.proposal.source.RegionSources;
import org.constcl.transforms.beam.RunnerSettings;
import org.constcl.transforms.io.ClipDatasetReader;
import org.constcl.transforms.record.ClipRecord;
import org.constcl.transforms.video.JpegDecoder;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Per region source, the proposals pipeline on embedded Flink against the same routine called
 * directly in a plain loop over the same decoded frames, in the same JVM.
 *
 * <ul>
 *   <li>baseline: a loop calling {@code propose} on pre-decoded frames, one thread per worker
 *       the pipeline gets (each thread its own proposer and its share of the frames), OpenCV
 *       single-threaded as in the pipeline; also reported for one thread;
 *   <li>in-pipeline: the time the same routine takes per frame inside the pipeline's workers
 *       (summed by {@link ProposalProgress}), and the pipeline's wall time end to end (Parquet
 *       read, JPEG decode, box shards, summary, Flink job start).
 * </ul>
 * Ratios above 1 mean the pipeline is slower.
 */
@Command(
    name = "proposals",
    mixinStandardHelpOptions = true,
    description = "Each region source inside the proposals pipeline vs the same routine in a plain loop over the same frames.")
public final class ProposalBenchmark extends BenchVerb {
  @Mixin BenchVideo video;

  @Option(names = "--sources", split = ",", paramLabel = "<a,b>", description = "Sources to measure (default: every registered one).")
  List<String> sources;

  @Option(names = "--stride", defaultValue = "1", paramLabel = "<k>",
      description = "Frame stride of the fast sources (random, slic, graph) (default: ${DEFAULT-VALUE}).")
  int stride;

  @Option(names = "--slow-stride", defaultValue = "4", paramLabel = "<k>",
      description = "Frame stride of the detector sources (person, object) (default: ${DEFAULT-VALUE}).")
  int slowStride;

  @Option(names = "--segment-frames", defaultValue = "32", paramLabel = "<n>",
      description = "Clip length when ingesting, so that clips spread evenly over workers (default: ${DEFAULT-VALUE}).")
  int segmentFrames;

  @Option(names = "--workers", defaultValue = "0", paramLabel = "<n>", description = "Workers (default: one per core).")
  int workers;

  @Mixin BenchOptions bench;

  @Inject
  ProposalBenchmark(Console console) {
    super(console);
  }

  @Override
  String measure() throws Exception {
    List<String> measured = sources != null ? sources : RegionSources.names();
    for (String s : measured) {
      try {
        RegionSources.named(s);
      } catch (IllegalArgumentException e) {
        throw CliException.usage(e.getMessage());
      }
    }
    int n = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    Path dir = bench.workDir("proposals");
    Path clips = BenchOptions.ingest(video.sources(),
        org.constcl.transforms.ingest.IngestConfig.builder().maxSegmentFrames(segmentFrames).build(), n, dir.resolve("clips"));
    List<SourceResult> r = run(clips, dir, measured, stride, slowStride, n);
    return report(r, video.name() + " at short side 256 in " + segmentFrames + "-frame clips");
  }

  /** One source's measurements. */
  public record SourceResult(
      String source, int frameStride, long frames, double loopOneMsPerFrame, double loopMsPerFrame,
      double pipelineRoutineMsPerFrame, double pipelineDecodeMsPerFrame, double pipelineWallSeconds, int workers) {

    /** In-pipeline routine time per frame over the parallel loop's. */
    public double routineRatio() {
      return pipelineRoutineMsPerFrame / loopMsPerFrame;
    }

    /** Pipeline core-seconds per frame (wall x workers) over the parallel loop's routine time. */
    public double endToEndRatio() {
      return pipelineWallSeconds * 1000 * workers / frames / loopMsPerFrame;
    }

    /** Pipeline frames per second per core, end to end. */
    public double pipelineFpsPerCore() {
      return frames / pipelineWallSeconds / workers;
    }
  }

  /** Runs every source over the clips of {@code clips}. */
  public static List<SourceResult> run(Path clips, Path work, List<String> sources, int strideFast, int strideSlow, int workers)
      throws Exception {
    List<ClipRecord> records = ClipDatasetReader.readAll(clips);
    List<SourceResult> out = new ArrayList<>();
    for (String s : sources) {
      int stride = s.equals("person") || s.equals("object") ? strideSlow : strideFast;
      ProposalConfig config = ProposalConfig.builder(s).frameStride(stride).build();
      List<Frame> frames = decode(records, stride, config.needsPixels());
      try {
        warmUp(config, frames);
        double one = loop(config, frames, 1);
        double par = loop(config, frames, workers);
        ProposalProgress.reset();
        long t0 = System.nanoTime();
        ProposalPipeline.run(RunnerSettings.embeddedFlink().withParallelism(workers).toOptions("bench-proposals"),
            config, clips, work.resolve("boxes-" + s), true);
        double wall = (System.nanoTime() - t0) / 1e9;
        long n = ProposalProgress.frames();
        if (n != frames.size()) {
          throw new IllegalStateException(s + ": the pipeline proposed " + n + " frames, the loop " + frames.size());
        }
        out.add(new SourceResult(s, stride, n, one, par, ProposalProgress.proposeNanos() / 1e6 / n,
            ProposalProgress.decodeNanos() / 1e6 / n, wall, workers));
      } finally {
        frames.forEach(f -> {
          if (f.bgr != null) {
            f.bgr.close();
          }
        });
      }
    }
    return out;
  }

  private record Frame(FrameRef ref, Mat bgr) {}

  private static List<Frame> decode(List<ClipRecord> records, int stride, boolean pixels) {
    List<Frame> frames = new ArrayList<>();
    for (ClipRecord c : records) {
      for (int i = 0; i < c.numFrames(); i += stride) {
        frames.add(new Frame(new FrameRef(c.clipId(), i, c.width(), c.height()),
            pixels ? JpegDecoder.decodeBgr(c.frames().get(i)) : null));
      }
    }
    return frames;
  }

  private static void warmUp(ProposalConfig config, List<Frame> frames) {
    opencv_core.setNumThreads(1);
    try (RegionProposer p = Proposers.create(config)) {
      for (int i = 0; i < Math.min(3, frames.size()); i++) {
        p.propose(frames.get(i).ref(), frames.get(i).bgr());
      }
    }
  }

  /** Milliseconds per frame of the routine alone, frames split over {@code threads} threads. */
  private static double loop(ProposalConfig config, List<Frame> frames, int threads) throws Exception {
    opencv_core.setNumThreads(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Long>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        parts.add(pool.submit(() -> {
          long nanos = 0;
          try (RegionProposer p = Proposers.create(config)) {
            for (int i = first; i < frames.size(); i += threads) {
              long t0 = System.nanoTime();
              p.propose(frames.get(i).ref(), frames.get(i).bgr());
              nanos += System.nanoTime() - t0;
            }
          }
          return nanos;
        }));
      }
      long total = 0;
      for (Future<Long> f : parts) {
        total += f.get();
      }
      return total / 1e6 / frames.size();
    } finally {
      pool.shutdown();
    }
  }

  /** The benchmark's report, one block per source. */
  public static String report(List<SourceResult> results, String clipsDescription) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "proposals benchmark on %s, %d workers (embedded Flink) vs the same routine in a plain loop%n",
        clipsDescription, results.isEmpty() ? 0 : results.get(0).workers()));
    for (SourceResult r : results) {
      sb.append(String.format(Locale.ROOT,
          "%-7s stride %d, %d frames: loop %.2f ms/frame on %d threads (%.2f on 1); in pipeline %.2f ms/frame"
              + " (+%.2f JPEG decode) -> routine ratio %.2f; end to end %.1f s = %.1f frames/s per core -> ratio %.2f%n",
          r.source(), r.frameStride(), r.frames(), r.loopMsPerFrame(), r.workers(), r.loopOneMsPerFrame(),
          r.pipelineRoutineMsPerFrame(), r.pipelineDecodeMsPerFrame(), r.routineRatio(), r.pipelineWallSeconds(),
          r.pipelineFpsPerCore(), r.endToEndRatio()));
    }
    return sb.toString();
  }
}
