package org.constcl.proposal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.constcl.proposal.io.BoxDatasetReader;
import org.constcl.proposal.io.ShardAlignment;
import org.constcl.proposal.record.Box;
import org.constcl.proposal.record.BoxRecord;
import org.constcl.proposal.source.ProposalConfig;
import org.constcl.proposal.testing.ClipDatasets;
import org.constcl.transforms.beam.RunnerSettings;
import org.constcl.transforms.io.ClipDatasetReader;
import org.constcl.transforms.record.ClipRecord;
import org.junit.jupiter.api.Test;
import org.constcl.transforms.testing.IndependentReaders;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The proposals stage on embedded Flink over real clip records. */
@Timeout(600)
class ProposalPipelineTest {
  @TempDir Path dir;

  private static JsonNode runFlink(ProposalConfig c, Path clips, Path out) throws Exception {
    return ProposalPipeline.run(RunnerSettings.embeddedFlink().withParallelism(2).toOptions("test-proposals"), c, clips, out, false);
  }

  @Test
  void graphBoxesOnFlinkAlignWithTheClipShards() throws Exception {
    Path clips = ClipDatasets.mixed();
    ProposalConfig c = ProposalConfig.builder("graph").frameStride(8).build();
    JsonNode s = runFlink(c, clips, dir.resolve("graph"));

    List<ClipRecord> clipRecords = ClipDatasetReader.readAll(clips);
    assertThat(s.path("dataset").asText()).isEqualTo("boxes");
    assertThat(s.path("records").asLong()).isEqualTo(clipRecords.size());
    assertThat(s.path("rejected_records").asLong()).isZero();
    assertThat(s.path("aligned").asBoolean()).isTrue();
    assertThat(s.path("config_digest").asText()).isEqualTo(c.digest());
    assertThat(s.path("clips").path("digest").asText()).isEqualTo(ClipDatasets.summaryDigest(clips));
    ShardAlignment.Report report = ShardAlignment.verify(clips, dir.resolve("graph"));
    assertThat(report.rows()).isEqualTo(clipRecords.size());
    assertThat(BoxDatasetReader.shards(dir.resolve("graph")).stream().map(p -> p.getFileName().toString()).toList())
        .isEqualTo(ClipDatasetReader.shards(clips).stream().map(p -> p.getFileName().toString()).toList());

    long frames = 0;
    long boxes = 0;
    List<String> ids = new ArrayList<>();
    for (BoxRecord r : BoxDatasetReader.readAll(dir.resolve("graph"))) {
      ids.add(r.clipId());
      assertThat(r.status()).isEqualTo("ok");
      assertThat(r.engine()).isEqualTo(c.engine().id());
      assertThat(r.config()).isEqualTo(c.canonicalJson());
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < r.numFrames(); i += 8) {
        expected.add(i);
      }
      assertThat(r.frameIndices()).isEqualTo(expected);
      for (List<Box> f : r.frames()) {
        assertThat(f.size()).isLessThanOrEqualTo(16);
        frames++;
        boxes += f.size();
      }
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(clipRecords.stream().map(ClipRecord::clipId).toList());
    assertThat(s.path("frames_with_boxes").asLong()).isEqualTo(frames);
    assertThat(s.path("boxes").asLong()).isEqualTo(boxes);

    // Box shards are plain Parquet: nested lists read by DuckDB.
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*), sum(len(flatten(list_transform(frames, f -> f.boxes)))) FROM read_parquet('"
            + dir.resolve("graph") + "/part-*.parquet')")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(clipRecords.size());
      assertThat(rs.getLong(2)).isEqualTo(boxes);
    }
  }

  @Test
  void clipAndBoxRecordsReadTheSameWithDuckDbAndParquetCli() throws Exception {
    // Two readers that share no code with the writer, on the nested lists (frames of boxes) too.
    Path clips = ClipDatasets.mixed();
    Path boxes = dir.resolve("random");
    ProposalPipeline.run(RunnerSettings.direct().toOptions("test"), ProposalConfig.builder("random").seed(3).build(),
        clips, boxes, false);
    for (Path shard : BoxDatasetReader.shards(boxes)) {
      List<BoxRecord> ours = new ArrayList<>();
      BoxDatasetReader.forEachInShard(shard, ours::add);
      List<String> expected = ours.stream().map(r -> r.clipId() + "|" + r.frameIndices().size() + "|"
          + r.frames().stream().mapToInt(f -> f.size()).sum() + "|" + r.frames().get(0).get(0).ymin()).toList();
      List<String> duck = IndependentReaders.duckDb("SELECT clip_id, len(frame_indices),"
          + " len(flatten(list_transform(frames, f -> f.boxes))), frames[1].boxes[1].ymin FROM read_parquet('" + shard + "')");
      List<String> cli = IndependentReaders.parquetCli(shard, "clip_id,frame_indices,frames").stream().map(j -> {
        int n = 0;
        for (JsonNode f : j.get("frames")) {
          n += f.get("boxes").size();
        }
        return j.get("clip_id").asText() + "|" + j.get("frame_indices").size() + "|" + n + "|"
            + j.get("frames").get(0).get("boxes").get(0).get("ymin").floatValue();
      }).toList();
      assertThat(duck).as("DuckDB on " + shard).isEqualTo(expected);
      assertThat(cli).as("parquet-cli on " + shard).isEqualTo(expected);
    }
    for (Path shard : ClipDatasetReader.shards(clips)) {
      List<String> expected = new ArrayList<>();
      org.constcl.transforms.io.ParquetRows.forEach(shard, g -> {
        ClipRecord r = org.constcl.transforms.record.ClipRecordAvro.fromAvro(g);
        expected.add(r.clipId() + "|" + r.numFrames() + "|" + r.timestampsUs()[r.numFrames() - 1] + "|" + r.frames().get(0).length);
      });
      List<String> duck = IndependentReaders.duckDb("SELECT clip_id, num_frames, timestamps_us[num_frames],"
          + " octet_length(frames[1]) FROM read_parquet('" + shard + "')");
      List<String> cli = IndependentReaders.parquetCli(shard, "clip_id,num_frames,timestamps_us").stream().map(j ->
          j.get("clip_id").asText() + "|" + j.get("num_frames").asInt() + "|"
              + j.get("timestamps_us").get(j.get("num_frames").asInt() - 1).asLong()).toList();
      assertThat(duck).as("DuckDB on " + shard).isEqualTo(expected);
      assertThat(cli).as("parquet-cli on " + shard)
          .isEqualTo(expected.stream().map(e -> e.substring(0, e.lastIndexOf('|'))).toList());
    }
  }

  @Test
  void randomBoxesAreIdenticalOnFlinkAndDirectRunnerAndNeedNoDecoding() throws Exception {
    Path clips = ClipDatasets.mixed();
    ProposalConfig c = ProposalConfig.builder("random").seed(5).build();
    JsonNode flink = runFlink(c, clips, dir.resolve("flink"));
    JsonNode direct = ProposalPipeline.run(RunnerSettings.direct().toOptions("test"), c, clips, dir.resolve("direct"), false);
    assertThat(direct.path("digest").asText()).isEqualTo(flink.path("digest").asText());
    for (String shard : List.of("part-00000-of-00003.parquet", "part-00001-of-00003.parquet", "part-00002-of-00003.parquet")) {
      assertThat(Files.readAllBytes(dir.resolve("direct").resolve(shard)))
          .isEqualTo(Files.readAllBytes(dir.resolve("flink").resolve(shard)));
    }
    long frames = 0;
    for (ClipRecord r : ClipDatasetReader.readAll(clips)) {
      frames += r.numFrames();
    }
    assertThat(flink.path("frames_with_boxes").asLong()).isEqualTo(frames);
    assertThat(flink.path("boxes").asLong()).isEqualTo(8 * frames);
    assertThat(flink.path("boxes_per_frame_histogram").path("8").asLong()).isEqualTo(frames);
    JsonNode other = ProposalPipeline.run(RunnerSettings.direct().toOptions("test"),
        ProposalConfig.builder("random").seed(6).build(), clips, dir.resolve("other"), false);
    assertThat(other.path("digest").asText()).isNotEqualTo(flink.path("digest").asText());
  }

  @Test
  void aClipWithAnUndecodableFrameIsRejectedAndTheRestAreProposed() throws Exception {
    Path clips = ClipDatasets.copyWithDamagedFrame(ClipDatasets.mixed(), dir.resolve("damaged-clips"), "cup.mp4#0", 40);
    JsonNode s = runFlink(ProposalConfig.builder("slic").frameStride(10).build(), clips, dir.resolve("slic"));
    assertThat(s.path("rejected_records").asLong()).isEqualTo(1);
    assertThat(s.path("rejects").path("by_reason").path("undecodable_frame").asLong()).isEqualTo(1);
    assertThat(s.path("rejects").path("examples").get(0).path("uri").asText()).isEqualTo("cup.mp4#0");
    assertThat(s.path("rejects").path("examples").get(0).path("detail").asText()).contains("frame 40");
    assertThat(s.path("aligned").asBoolean()).isTrue();
    Map<String, BoxRecord> byClip = new TreeMap<>();
    for (BoxRecord r : BoxDatasetReader.readAll(dir.resolve("slic"))) {
      byClip.put(r.clipId(), r);
    }
    assertThat(byClip.get("cup.mp4#0").status()).isEqualTo("rejected");
    assertThat(byClip.get("cup.mp4#0").rejectReason()).isEqualTo("undecodable_frame");
    assertThat(byClip.get("cup.mp4#0").frames()).isEmpty();
    assertThat(byClip.values().stream().filter(r -> !r.clipId().equals("cup.mp4#0")))
        .isNotEmpty().allSatisfy(r -> assertThat(r.boxCount()).isPositive());
    assertThat(BoxDatasetReader.rejects(dir.resolve("slic"))).hasSize(1);
    ShardAlignment.verify(clips, dir.resolve("slic"));
  }

  @Test
  void aFolderThatIsNotAFinishedClipDatasetIsAnErrorBeforeAnythingRuns() throws Exception {
    Path notClips = Files.createDirectories(dir.resolve("empty"));
    ProposalConfig c = ProposalConfig.builder("random").build();
    assertThatThrownBy(() -> ProposalPipeline.run(RunnerSettings.direct().toOptions("t"), c, notClips, dir.resolve("o"), false))
        .hasMessageContaining("not a finished dataset").hasMessageContaining("empty");
    assertThatThrownBy(() -> ProposalPipeline.run(RunnerSettings.direct().toOptions("t"), c, dir.resolve("missing"), dir.resolve("o"), false))
        .hasMessageContaining("does not exist");
  }
}
