package org.constcl.proposal.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.constcl.transforms.beam.RunnerSettings;
import org.constcl.transforms.ingest.IngestConfig;
import org.constcl.transforms.ingest.IngestPipeline;
import org.constcl.transforms.input.VideoInputs;
import org.constcl.transforms.input.VideoSource;
import org.apache.avro.generic.GenericRecord;
import org.constcl.transforms.io.ClipDatasetReader;
import org.constcl.transforms.io.ParquetRows;
import org.constcl.transforms.io.ShardFileWriter;
import org.constcl.transforms.record.AvroBytes;
import org.constcl.transforms.record.ClipRecordAvro;
import org.constcl.transforms.summary.SummaryFiles;
import org.constcl.transforms.record.ClipRecord;
import org.constcl.transforms.testing.TestVideos;

/**
 * Real clip datasets for the proposal tests, ingested once per test JVM from the shared videos
 * (DirectRunner, default 256-px short side) and deleted when the JVM exits.
 */
public final class ClipDatasets {
  private static final Map<String, Path> CACHE = new HashMap<>();
  private static Path root;

  private ClipDatasets() {}

  /** vtest.avi: 795 frames in 3 records ({@code vtest.avi#0..2}), 2 shards. */
  public static synchronized Path vtest() {
    return dataset("vtest", List.of("vtest.avi"), 2);
  }

  /** vtest.avi plus short and differently shaped videos, 3 shards. */
  public static synchronized Path mixed() {
    return dataset("mixed", List.of("vtest.avi", "cup.mp4", "g1.avi", "motion.mov"), 3);
  }

  /** Every record of a dataset, sorted by clip id. */
  public static List<ClipRecord> records(Path dataset) {
    try {
      List<ClipRecord> all = new ArrayList<>(ClipDatasetReader.readAll(dataset));
      all.sort(Comparator.comparing(ClipRecord::clipId));
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The record with id {@code clipId}. */
  public static ClipRecord record(Path dataset, String clipId) {
    return records(dataset).stream().filter(c -> c.clipId().equals(clipId)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no clip " + clipId + " in " + dataset));
  }

  /** The digest in a dataset's summary. */
  public static String summaryDigest(Path dataset) {
    try {
      return SummaryFiles.read(dataset).path("digest").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A copy of {@code source} in which stored frame {@code frame} of {@code clipId} is cut to half
   * its bytes (a truncated JPEG), rewritten in place in its shard; the summary is copied as is.
   */
  public static Path copyWithDamagedFrame(Path source, Path target, String clipId, int frame) throws IOException {
    return copyWithDamagedFrames(source, target, clipId, java.util.Set.of(frame));
  }

  /** As {@link #copyWithDamagedFrame}, for every frame of the clip. */
  public static Path copyWithAllFramesDamaged(Path source, Path target, String clipId) throws IOException {
    return copyWithDamagedFrames(source, target, clipId, null);
  }

  private static Path copyWithDamagedFrames(Path source, Path target, String clipId, java.util.Set<Integer> damaged)
      throws IOException {
    Files.createDirectories(target);
    Files.copy(source.resolve(SummaryFiles.FILE_NAME), target.resolve(SummaryFiles.FILE_NAME));
    boolean found = false;
    for (Path shard : ClipDatasetReader.shards(source)) {
      List<GenericRecord> rows = new ArrayList<>();
      ParquetRows.forEach(shard, rows::add);
      try (ShardFileWriter w = new ShardFileWriter(target.toString(), shard.getFileName().toString(), ClipRecordAvro.SCHEMA)) {
        for (GenericRecord g : rows) {
          ClipRecord c = ClipRecordAvro.fromAvro(g);
          if (c.clipId().equals(clipId)) {
            List<byte[]> frames = new ArrayList<>(c.frames());
            for (int f = 0; f < frames.size(); f++) {
              if (damaged == null || damaged.contains(f)) {
                byte[] jpeg = frames.get(f);
                frames.set(f, java.util.Arrays.copyOf(jpeg, jpeg.length / 2));
              }
            }
            c = c.toBuilder().frames(frames, c.timestampsUs()).build();
            found = true;
          }
          w.writeEncoded(AvroBytes.encode(ClipRecordAvro.SCHEMA, ClipRecordAvro.toAvro(c)));
        }
        w.finish();
      }
    }
    if (!found) {
      throw new IllegalArgumentException("no clip " + clipId + " in " + source);
    }
    return target;
  }

  private static Path dataset(String name, List<String> videos, int shards) {
    return CACHE.computeIfAbsent(name, n -> {
      try {
        Path out = root().resolve(n);
        List<VideoSource> sources = new ArrayList<>();
        for (String v : videos) {
          sources.addAll(VideoInputs.resolve(TestVideos.get(v).toString(), null));
        }
        IngestPipeline.run(RunnerSettings.direct().toOptions("test-ingest"), sources,
            IngestConfig.builder().numShards(shards).build(), out, false);
        return out;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (org.constcl.transforms.input.InputException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static Path root() throws IOException {
    if (root == null) {
      root = Files.createTempDirectory("constcl-proposal-clips");
      Path r = root;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(r)));
    }
    return root;
  }

  private static void delete(Path p) {
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }
}
