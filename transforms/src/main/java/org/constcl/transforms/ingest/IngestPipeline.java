package org.constcl.transforms.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;
import org.constcl.transforms.input.VideoSource;
import org.constcl.transforms.io.DatasetFolder;
import org.constcl.transforms.summary.SummaryFiles;

/**
 * The ingest stage: videos to a clip dataset (Parquet clip shards, rejects, {@code _SUMMARY.json}).
 * {@link #build} adds the steps to a pipeline; {@link #run} prepares the output folder, runs the
 * pipeline to completion and returns the dataset summary.
 *
 * <pre>{@code
 * List<VideoSource> videos = VideoInputs.resolve("videos/", null);
 * JsonNode summary = IngestPipeline.run(RunnerSettings.embeddedFlink().toOptions("ingest"),
 *     videos, IngestConfig.defaults(), Path.of("out/clips"), false);
 * }</pre>
 */
public final class IngestPipeline {
  /** Output bytes one shard should hold, roughly; sets the automatic shard count. */
  static final long TARGET_SHARD_BYTES = 256L << 20;
  /** Stored JPEG frames take about this many times the bytes of typical compressed video. */
  static final long EXPANSION = 4;

  private IngestPipeline() {}

  /** Adds the ingest steps to {@code p}, writing to {@code outputDir} in {@code numShards} shards. */
  public static void build(
      Pipeline p, List<VideoSource> sources, IngestConfig config, String outputDir, int numShards) {
    p.apply("ListVideos", Create.of(sources).withCoder(SerializableCoder.of(VideoSource.class)))
        .apply("IngestVideos", IngestVideos.to(outputDir, numShards, sources.size(), config));
  }

  /**
   * Runs ingest to completion.
   *
   * @param overwrite replace the contents of a non-empty {@code outputDir}
   * @return the dataset's summary
   * @throws IOException if the output folder cannot be prepared or the summary read
   * @throws IllegalStateException if the pipeline does not finish successfully
   */
  public static JsonNode run(
      PipelineOptions options, List<VideoSource> sources, IngestConfig config, Path outputDir, boolean overwrite)
      throws IOException {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("no videos to ingest");
    }
    Path out = outputDir.toAbsolutePath().normalize();
    DatasetFolder.prepare(out, overwrite);
    int shards = config.numShards() > 0 ? config.numShards() : autoShards(sources, workers(options));
    Pipeline p = Pipeline.create(options);
    build(p, sources, config, out.toString(), shards);
    IngestProgress.reset();
    PipelineResult.State state = p.run().waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("the ingest pipeline ended in state " + state);
    }
    return SummaryFiles.read(out);
  }

  /**
   * One shard per ~256 MB of expected output (inputs x 4), and at least two per worker so that
   * decoding, which is spread by shard, keeps every worker busy.
   */
  static int autoShards(List<VideoSource> sources, int workers) {
    long bytes = 0;
    for (VideoSource s : sources) {
      try {
        bytes += Files.size(Path.of(s.path()));
      } catch (IOException | RuntimeException e) {
        // Missing or unreadable inputs become rejects; they add nothing to the output.
      }
    }
    long shards = (bytes * EXPANSION + TARGET_SHARD_BYTES - 1) / TARGET_SHARD_BYTES;
    return (int) Math.max(2L * Math.max(1, workers), Math.min(4096, shards));
  }

  /** Workers the options ask for; 1 when the runner decides (a remote cluster's default). */
  static int workers(PipelineOptions options) {
    if (options.getRunner().getSimpleName().equals("FlinkRunner")) {
      return Math.max(1, options.as(FlinkPipelineOptions.class).getParallelism());
    }
    return Math.max(1, options.as(DirectOptions.class).getTargetParallelism());
  }
}
