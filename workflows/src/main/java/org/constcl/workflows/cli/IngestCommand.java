package org.constcl.workflows.cli;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.options.PipelineOptions;
import org.constcl.transforms.beam.RunnerSettings;
import org.constcl.transforms.ingest.IngestConfig;
import org.constcl.transforms.ingest.IngestPipeline;
import org.constcl.transforms.ingest.IngestProgress;
import org.constcl.transforms.input.InputException;
import org.constcl.transforms.input.VideoInputs;
import org.constcl.transforms.input.VideoSource;
import org.constcl.transforms.summary.SummaryFiles;
import org.constcl.workflows.console.CliException;
import org.constcl.workflows.console.Console;
import org.constcl.workflows.console.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code constcl ingest}: videos to a clip dataset. See docs/ingest.md. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Decode videos into Parquet clip records (JPEG frames + metadata), with a rejects dataset"
          + " and _SUMMARY.json.",
      "Runs on the DirectRunner for inputs of at most 64 MB, else on embedded Flink (--runner); --flinkMaster=host:port"
          + " submits to a Flink cluster."
    })
final class IngestCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, paramLabel = "<dir|glob|manifest.csv>",
      description = "A folder (searched recursively for videos), a glob, a video file, or a manifest"
          + " CSV: path[,label][,split][,start_sec,end_sec], relative paths against its folder.")
  String input;

  @Option(names = "--output", required = true, paramLabel = "<dir>", description = "Dataset folder to write.")
  Path output;

  @Option(names = "--overwrite", description = "Replace the contents of a non-empty output folder.")
  boolean overwrite;

  @Option(names = "--classes", paramLabel = "<file>",
      description = "Class list, one per line, fixing label indices of a manifest (default: labels sorted).")
  Path classes;

  @Option(names = "--short-side", paramLabel = "<px>",
      description = "Short side of stored frames, even; 0 keeps the source size (default: "
          + IngestConfig.DEFAULT_SHORT_SIDE + ").")
  Integer shortSide;

  @Option(names = "--jpeg-quality", paramLabel = "<1-100>",
      description = "JPEG quality (default: " + IngestConfig.DEFAULT_JPEG_QUALITY + ").")
  Integer jpegQuality;

  @Option(names = "--max-segment-frames", paramLabel = "<n>",
      description = "Split videos into segments of at most n stored frames (default: "
          + IngestConfig.DEFAULT_MAX_SEGMENT_FRAMES + ").")
  Integer maxSegmentFrames;

  @Option(names = "--frame-stride", paramLabel = "<k>",
      description = "Keep every k-th source frame (default: " + IngestConfig.DEFAULT_FRAME_STRIDE + ").")
  Integer frameStride;

  @Option(names = "--fps", paramLabel = "<fps>",
      description = "Target frame rate; sets the stride to round(source fps / fps). Overrides --frame-stride.")
  Double fps;

  @Option(names = "--min-clip-frames", paramLabel = "<n>",
      description = "Records with fewer stored frames are flagged short_video (default: "
          + IngestConfig.DEFAULT_MIN_CLIP_FRAMES + ", a 16-frame clip at stride 2).")
  Integer minClipFrames;

  @Option(names = "--seek-segments", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Reach segments inside a video by a verified keyframe seek (default); with"
          + " --no-seek-segments every segment is decoded from the start of its file.")
  boolean seekSegments;

  @Option(names = "--decoder-threads", paramLabel = "<n>",
      description = "FFmpeg threads per decoder; 0 lets FFmpeg choose (default: "
          + IngestConfig.DEFAULT_DECODER_THREADS + ").")
  Integer decoderThreads;

  @Option(names = "--shards", paramLabel = "<n>",
      description = "Number of clip shards (default: one per ~256 MB of expected output).")
  Integer shards;

  @Option(names = {"-v", "--verbose"}, description = "Show library logs and FFmpeg warnings.")
  boolean verbose;

  @Mixin RunnerOptions runner;

  private final Console console;
  private final PipelineLauncher launcher;

  @Inject
  IngestCommand(Console console, PipelineLauncher launcher) {
    this.console = console;
    this.launcher = launcher;
  }

  @Override
  @SuppressWarnings("try") // the progress printer only needs closing
  public Integer call() throws IOException {
    IngestConfig config = config();
    List<VideoSource> sources = resolveInputs();
    RunnerSettings settings = runner.settings("ingest",
        RunnerOptions.bytesUnder(sources.stream().map(v -> java.nio.file.Path.of(v.path())).toList()));
    PipelineOptions options = launcher.options(settings, "constcl-ingest");
    long start = System.nanoTime();
    JsonNode summary;
    try (ProgressPrinter progress = settings.inProcess()
        ? new ProgressPrinter(console, "ingest", "videos", sources.size(), IngestProgress::videosDone,
            IngestProgress::frames, console.interactive() ? 1000 : 10_000)
        : null) {
      summary = IngestPipeline.run(options, sources, config, output, overwrite);
    } catch (IOException e) {
      throw CliException.usage(e.getMessage());
    } catch (RuntimeException e) {
      throw new CliException(ExitCodes.FAILED, "ingest failed: " + CliException.rootMessage(e), e);
    }
    report(summary, (System.nanoTime() - start) / 1e9);
    return ExitCodes.OK;
  }

  private IngestConfig config() {
    IngestConfig.Builder b = IngestConfig.builder().verbose(verbose).seekToSegments(seekSegments);
    if (shortSide != null) b.shortSide(shortSide);
    if (jpegQuality != null) b.jpegQuality(jpegQuality);
    if (maxSegmentFrames != null) b.maxSegmentFrames(maxSegmentFrames);
    if (frameStride != null) b.frameStride(frameStride);
    if (fps != null) b.targetFps(fps);
    if (minClipFrames != null) b.minClipFrames(minClipFrames);
    if (decoderThreads != null) b.decoderThreads(decoderThreads);
    if (shards != null) b.numShards(shards);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }



  private List<VideoSource> resolveInputs() {
    try {
      return VideoInputs.resolve(input, classes);
    } catch (InputException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  private void report(JsonNode s, double seconds) {
    JsonNode videos = s.get("videos");
    JsonNode rejects = s.get("rejects");
    console.out().printf(Locale.ROOT,
        "ingested %d of %d videos into %d records (%,d frames, %.1f MB) in %.1f s%n",
        videos.get("ingested").asLong(), videos.get("in").asLong(), s.get("records").asLong(),
        s.get("frames").asLong(), s.get("shards").get("bytes").asLong() / 1e6, seconds);
    RejectReport.print(console, rejects, output);
    if (videos.get("duplicates").asLong() > 0) {
      console.out().printf("duplicate content (kept, counted): %s%n", videos.get("duplicate_groups"));
    }
    if (s.get("short_records").asLong() > 0) {
      console.out().printf("short records (fewer than a training clip; the trainer wraps them): %d%n",
          s.get("short_records").asLong());
    }
    if (s.get("incomplete_records").asLong() > 0) {
      console.out().printf("frames the container lists but the decoder did not produce: %d in %d records%n",
          s.get("missing_frames").asLong(), s.get("incomplete_records").asLong());
    }
    console.out().printf("wrote %s (%d shards), digest %s%n",
        output.resolve(SummaryFiles.FILE_NAME), s.get("shards").get("count").asInt(), s.get("digest").asText());
    console.out().flush();
  }

}
