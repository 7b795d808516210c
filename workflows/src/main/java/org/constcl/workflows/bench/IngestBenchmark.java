package org.constcl.workflows.bench;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.constcl.transforms.beam.RunnerSettings;
import org.constcl.transforms.ingest.IngestConfig;
import org.constcl.transforms.ingest.IngestPipeline;
import org.constcl.transforms.input.VideoSource;
import org.constcl.transforms.video.VideoInfo;
import org.constcl.transforms.video.VideoProbe;
import org.constcl.workflows.console.Console;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Ingest throughput against the frame extraction most video codebases run first:
 * {@code ffmpeg -threads 1 -i VIDEO -vf scale=-2:256 -q:v 2 -f image2 out/%05d.jpg}.
 *
 * <p>Both sides use one worker and produce 256-short-side JPEGs of every frame. Each is measured
 * end to end (constcl: an embedded Flink job from start to {@code _SUMMARY.json}; ffmpeg: the
 * process) and per frame (all frames minus a one-frame run of the same command, which cancels
 * fixed start-up costs on both sides); the ingest JVM's peak RSS comes from a separate child
 * process.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = "Ingest with one worker vs ffmpeg -threads 1 frame extraction of the same video.")
public final class IngestBenchmark extends BenchVerb {
  /** Results of one benchmark run. */
  public record Result(
      String video, int frames, String codec, int width, int height, int repeats,
      Timings ffmpeg, Timings ffmpegOneFrame, Timings constclFull, Timings constclOneFrame,
      double childWallSeconds, long childPeakRssBytes) {

    public double ffmpegFps() {
      return frames / ffmpeg.median();
    }

    public double ffmpegPerFrameFps() {
      return (frames - 1) / (ffmpeg.median() - ffmpegOneFrame.median());
    }

    public double endToEndFps() {
      return frames / constclFull.median();
    }

    public double perFrameFps() {
      return (frames - 1) / (constclFull.median() - constclOneFrame.median());
    }

    /** The report printed by {@code constcl bench ingest}. */
    public String report() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "ingest benchmark: %s (%d frames, %dx%d %s), 1 worker, %d repeats, medians%n",
          video, frames, width, height, codec, repeats));
      sb.append(String.format(Locale.ROOT, "  baseline ffmpeg -threads 1 -vf scale=-2:256 -q:v 2 (image2): %6.2f s  %7.0f frames/s  (min %.2f, max %.2f)%n",
          ffmpeg.median(), ffmpegFps(), ffmpeg.min(), ffmpeg.max()));
      sb.append(String.format(Locale.ROOT, "  baseline on 1 frame (fixed process cost):              %6.2f s%n", ffmpegOneFrame.median()));
      sb.append(String.format(Locale.ROOT, "  baseline per frame (all frames - 1 frame):            %6.2f s  %7.0f frames/s%n",
          ffmpeg.median() - ffmpegOneFrame.median(), ffmpegPerFrameFps()));
      sb.append(String.format(Locale.ROOT, "  constcl ingest, end to end (embedded Flink job):      %6.2f s  %7.0f frames/s  ratio %.2f  (min %.2f, max %.2f)%n",
          constclFull.median(), endToEndFps(), endToEndFps() / ffmpegFps(), constclFull.min(), constclFull.max()));
      sb.append(String.format(Locale.ROOT, "  constcl ingest, same job on 1 frame (fixed job cost):  %6.2f s%n",
          constclOneFrame.median()));
      sb.append(String.format(Locale.ROOT, "  constcl ingest, per frame (all frames - 1 frame):     %6.2f s  %7.0f frames/s  ratio %.2f to baseline per frame, %.2f to baseline end to end%n",
          constclFull.median() - constclOneFrame.median(), perFrameFps(), perFrameFps() / ffmpegPerFrameFps(),
          perFrameFps() / ffmpegFps()));
      sb.append(String.format(Locale.ROOT, "  constcl ingest JVM (child process, cold start):       %6.2f s wall, peak RSS %.0f MB%n",
          childWallSeconds, childPeakRssBytes / 1e6));
      return sb.toString();
    }
  }

  @Mixin BenchVideo video;

  @Mixin BenchOptions bench;

  @Inject
  IngestBenchmark(Console console) {
    super(console);
  }

  @Override
  String measure() throws Exception {
    Result r = run(video.path(), bench.repeats(), bench.workDir("ingest"));
    return r.report();
  }

  /** Runs the benchmark on {@code video}, working in {@code workDir}. */
  public static Result run(Path video, int repeats, Path workDir) throws Exception {
    VideoInfo info = VideoProbe.probe(video);
    Files.createDirectories(workDir);
    Timings ffmpeg = Timings.measure(repeats, i -> ffmpegExtract(video, workDir.resolve("ffmpeg"), info.frameCount(), false));
    Timings ffmpegOne = Timings.measure(repeats, i -> ffmpegExtract(video, workDir.resolve("ffmpeg1"), 1, true));

    IngestConfig config = IngestConfig.builder().decoderThreads(1).build();
    VideoSource full = VideoSource.of(video.toAbsolutePath().toString(), video.getFileName().toString());
    double oneFrameEnd = 0.5 / Math.max(1, info.fps());
    VideoSource oneFrame = new VideoSource(full.path(), full.videoId(), null, null, null, 0.0, oneFrameEnd);
    RunnerSettings oneWorker = RunnerSettings.embeddedFlink().withParallelism(1);
    // Warm-up: natives unpacked and loaded, classes loaded, before anything is timed.
    ingest(oneWorker, oneFrame, config, workDir.resolve("warmup"));
    Timings constclFull = Timings.measure(repeats, i -> ingest(oneWorker, full, config, workDir.resolve("full")));
    Timings constclOne = Timings.measure(repeats, i -> ingest(oneWorker, oneFrame, config, workDir.resolve("one")));

    long t0 = System.nanoTime();
    Process child = new ProcessBuilder(javaBin(), "-cp", System.getProperty("java.class.path"),
        "org.constcl.workflows.cli.Main", "ingest", "--input", full.path(), "--output",
        workDir.resolve("child").toString(), "--overwrite", "--parallelism", "1", "--decoder-threads", "1",
        "--runner=FlinkRunner")
        .redirectErrorStream(true)
        .redirectOutput(workDir.resolve("child.log").toFile())
        .start();
    long rss = PeakRss.waitFor(child);
    double childWall = (System.nanoTime() - t0) / 1e9;
    if (child.exitValue() != 0) {
      throw new IllegalStateException("the child ingest failed; see " + workDir.resolve("child.log"));
    }
    return new Result(video.getFileName().toString(), info.frameCount(), info.codec(), info.width(), info.height(),
        repeats, ffmpeg, ffmpegOne, constclFull, constclOne, childWall, rss);
  }

  private static void ingest(RunnerSettings runner, VideoSource source, IngestConfig config, Path out) throws IOException {
    IngestPipeline.run(runner.toOptions("bench"), List.of(source), config, out, true);
  }

  private static void ffmpegExtract(Path video, Path out, int expectedFrames, boolean oneFrame) throws Exception {
    org.constcl.transforms.io.FileTrees.delete(out);
    Files.createDirectories(out);
    List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-threads", "1",
        "-i", video.toString(), "-vf", "scale=-2:256", "-q:v", "2"));
    if (oneFrame) {
      cmd.addAll(List.of("-frames:v", "1"));
    }
    cmd.addAll(List.of("-f", "image2", out.resolve("%05d.jpg").toString()));
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("the baseline needs the ffmpeg command (Debian: apt-get install ffmpeg)", e);
    }
    String log = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("ffmpeg failed: " + log);
    }
    try (Stream<Path> s = Files.list(out)) {
      long n = s.count();
      if (n != expectedFrames) {
        throw new IllegalStateException("ffmpeg wrote " + n + " frames, expected " + expectedFrames);
      }
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
