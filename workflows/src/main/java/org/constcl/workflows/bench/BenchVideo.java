package org.constcl.workflows.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.constcl.transforms.input.VideoSource;
import org.constcl.workflows.console.CliException;
import picocli.CommandLine.Option;

/** The real video a benchmark ingests and measures on (the benchmarks that start from a video share it). */
final class BenchVideo {
  @Option(names = "--video", required = true, paramLabel = "<file>",
      description = "The video to measure on (ingested first where the benchmark needs clips), e.g."
          + " ../shared/data/videos/vtest.avi.")
  Path video;

  /** The video; a usage error naming it when it is not a file. */
  Path path() {
    if (!Files.isRegularFile(video)) {
      throw CliException.usage(video + ": no such video");
    }
    return video;
  }

  /** Its input sources, as {@code constcl ingest --input} would resolve them. */
  List<VideoSource> sources() {
    return BenchOptions.sources(path());
  }

  String name() {
    return video.getFileName().toString();
  }
}
