package org.constcl.workflows.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a stage JVM's start-up goes, read from its class-loading log ({@code -Xlog:class+load} with
 * uptime): when the first class of each part (picocli, Beam, the Flink mini-cluster, Parquet,
 * JavaCPP's native loader, FFmpeg, OpenCV, TensorFlow) was loaded, and how many classes came from
 * the class-data archive.
 */
record StartupTimeline(Map<String, Double> milestones, double lastClass, int classes, int fromArchive) {
  /** JVM option that writes the log this reads. */
  static String logOption(Path log) {
    return "-Xlog:class+load=info:file=" + log + ":uptime";
  }

  private static final Pattern LINE = Pattern.compile("^\\[(\\d+\\.\\d+)s\\]\\S* (\\S+) source: (.*)$");

  /** The first class of each part, in the order a stage meets them. */
  private static final Map<String, String> PARTS = parts();

  private static Map<String, String> parts() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("main", "org.constcl.workflows.cli.Main");
    m.put("guice", "com.google.inject.Guice");
    m.put("picocli", "picocli.CommandLine$ParseResult");
    m.put("beam", "org.apache.beam.sdk.Pipeline");
    m.put("flink", "org.apache.flink.runtime.minicluster.MiniCluster");
    m.put("parquet", "org.apache.parquet.hadoop.ParquetFileWriter");
    m.put("javacpp", "org.bytedeco.javacpp.Loader");
    m.put("ffmpeg", "org.bytedeco.ffmpeg.global.avcodec");
    m.put("opencv", "org.bytedeco.opencv.global.opencv_core");
    m.put("tensorflow", "org.tensorflow.internal.c_api.global.tensorflow");
    return m;
  }

  static StartupTimeline read(Path log) throws IOException {
    Map<String, Double> first = new LinkedHashMap<>();
    Map<String, String> byClass = new LinkedHashMap<>();
    PARTS.forEach((part, cls) -> byClass.put(cls, part));
    double last = 0;
    int classes = 0;
    int shared = 0;
    try (Stream<String> lines = Files.lines(log)) {
      for (String line : (Iterable<String>) lines::iterator) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
          continue;
        }
        double t = Double.parseDouble(m.group(1));
        classes++;
        if (m.group(3).startsWith("shared objects file")) {
          shared++;
        }
        last = Math.max(last, t);
        String part = byClass.get(m.group(2));
        if (part != null) {
          first.putIfAbsent(part, t);
        }
      }
    }
    return new StartupTimeline(first, last, classes, shared);
  }

  /** One line: each part's first class in seconds since JVM start, then the exit. */
  String line(double wall) {
    List<String> parts = new ArrayList<>();
    milestones.entrySet().stream().sorted(Map.Entry.comparingByValue())
        .forEach(e -> parts.add(String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue())));
    parts.add(String.format(Locale.ROOT, "last class %.2f", lastClass));
    parts.add(String.format(Locale.ROOT, "exit %.2f", wall));
    return String.join(" · ", parts) + String.format(Locale.ROOT, "  (%d classes, %d from the archive)", classes, fromArchive);
  }
}
