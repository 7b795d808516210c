package org.constcl.transforms.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.constcl.transforms.beam.RunnerSettings;
import org.constcl.transforms.input.VideoInputs;
import org.constcl.transforms.input.VideoSource;
import org.constcl.transforms.io.ClipDatasetReader;
import org.constcl.transforms.record.ClipRecord;
import org.constcl.transforms.record.Reject;
import org.constcl.transforms.testing.BadInputs;
import org.constcl.transforms.testing.StreamContainers;
import org.constcl.transforms.testing.TestVideos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The whole ingest stage on the DirectRunner: bad inputs, duplicates, short videos, manifests. */
@Timeout(300)
class IngestPipelineTest {
  @TempDir Path dir;

  private JsonNode ingest(List<VideoSource> sources, IngestConfig config, Path out) throws IOException {
    return IngestPipeline.run(RunnerSettings.direct().toOptions("test"), sources, config, out, false);
  }

  @Test
  void everyBadInputBecomesARejectAndGoodInputsAreUnaffected() throws Exception {
    Path good = Files.createDirectories(dir.resolve("good"));
    BadInputs.copy(good, "g1.avi", TestVideos.get("g1.avi"));
    BadInputs.copy(good, "motion.mov", TestVideos.get("motion.mov"));
    Path mixed = Files.createDirectories(dir.resolve("mixed"));
    BadInputs.copy(mixed, "g1.avi", TestVideos.get("g1.avi"));
    BadInputs.copy(mixed, "motion.mov", TestVideos.get("motion.mov"));
    BadInputs.empty(mixed, "empty.mp4");
    BadInputs.truncated(mixed, "truncated.avi", TestVideos.get("vtest.avi"), 0.5);
    BadInputs.truncated(mixed, "truncated.mp4", TestVideos.get("cup.mp4"), 0.5);
    BadInputs.randomBytes(mixed, "random.avi", 200_000, 42);
    BadInputs.text(mixed, "text.mp4");
    BadInputs.audioOnly(mixed, "audio.mp4");
    BadInputs.directory(mixed, "folder.mp4");
    Path manifest = Files.writeString(mixed.resolve("m.csv"),
        "g1.avi\nmotion.mov\nempty.mp4\ntruncated.avi\ntruncated.mp4\nrandom.avi\ntext.mp4\naudio.mp4\n"
            + "folder.mp4\nmissing.mp4\n");

    JsonNode goodOnly = ingest(VideoInputs.resolve(good.toString(), null), IngestConfig.defaults(), dir.resolve("out-good"));
    JsonNode all = ingest(VideoInputs.resolve(manifest.toString(), null), IngestConfig.defaults(), dir.resolve("out-all"));

    assertThat(all.get("videos").get("in").asInt()).isEqualTo(10);
    assertThat(all.get("videos").get("ingested").asInt()).isEqualTo(2);
    assertThat(all.get("videos").get("rejected").asInt()).isEqualTo(8);
    Map<String, Integer> byReason = new TreeMap<>();
    all.get("rejects").get("by_reason").fields().forEachRemaining(e -> byReason.put(e.getKey(), e.getValue().asInt()));
    assertThat(byReason).containsExactlyInAnyOrderEntriesOf(Map.of(
        "empty_file", 1, "truncated_file", 2, "not_a_media_file", 2, "no_video_stream", 1,
        "unreadable_file", 1, "file_not_found", 1));
    List<Reject> rejects = ClipDatasetReader.rejects(dir.resolve("out-all"));
    assertThat(rejects).hasSize(8).allMatch(r -> !r.detail().isEmpty());
    assertThat(rejects).extracting(r -> Path.of(r.uri()).getFileName().toString()).containsExactlyInAnyOrder(
        "empty.mp4", "truncated.avi", "truncated.mp4", "random.avi", "text.mp4", "audio.mp4", "folder.mp4", "missing.mp4");

    // The good videos' records are the same bytes with or without bad neighbours... except their
    // paths differ between the two folders, so compare everything but the source path.
    List<ClipRecord> a = ClipDatasetReader.readAll(dir.resolve("out-good"));
    List<ClipRecord> b = ClipDatasetReader.readAll(dir.resolve("out-all"));
    assertThat(b).hasSameSizeAs(a);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).toBuilder().sourceUri("x").build()).isEqualTo(a.get(i).toBuilder().sourceUri("x").build());
    }
    assertThat(all.get("records")).isEqualTo(goodOnly.get("records"));
    assertThat(all.get("frames")).isEqualTo(goodOnly.get("frames"));
  }

  @Test
  void videosInStreamContainersAreIngestedLikeAnyOther() throws Exception {
    // MPEG-PS as DVD and broadcast cameras write it, MPEG-TS, and raw elementary streams: their
    // streams are found only by reading packets, and each must decode to the same clips.
    Path in = Files.createDirectories(dir.resolve("in"));
    for (StreamContainers.Kind kind : StreamContainers.Kind.values()) {
      StreamContainers.write(TestVideos.get("cup.mp4"), kind, 40, in, "cup-" + kind.name().toLowerCase());
    }
    JsonNode s = ingest(VideoInputs.resolve(in.toString(), null), IngestConfig.defaults(), dir.resolve("out"));
    assertThat(s.get("videos").get("rejected").asInt()).as(s.toString()).isZero();
    assertThat(s.get("videos").get("ingested").asInt()).isEqualTo(StreamContainers.Kind.values().length);
    List<ClipRecord> records = ClipDatasetReader.readAll(dir.resolve("out"));
    assertThat(records).extracting(ClipRecord::videoId).containsExactlyInAnyOrder(
        "cup-mpeg_ps.mpg", "cup-vob.vob", "cup-mpeg_ts.ts", "cup-raw_mpeg2.m2v", "cup-raw_h264.h264");
    // Every frame decoded, none missing: raw streams' frames are matched by order, not by the
    // timestamps their demuxer makes up.
    assertThat(records).allSatisfy(r -> assertThat(r.numFrames()).isEqualTo(40));
    assertThat(s.get("missing_frames").asLong()).isZero();
  }

  @Test
  void sameContentUnderTwoNamesIsKeptTwiceAndCounted() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    BadInputs.copy(in, "a.avi", TestVideos.get("g1.avi"));
    BadInputs.copy(in, "b-copy.avi", TestVideos.get("g1.avi"));
    BadInputs.copy(in, "c.avi", TestVideos.get("g2.avi"));
    JsonNode s = ingest(VideoInputs.resolve(in.toString(), null), IngestConfig.defaults(), dir.resolve("out"));
    assertThat(s.get("records").asInt()).isEqualTo(3);
    assertThat(s.get("videos").get("duplicates").asInt()).isEqualTo(1);
    assertThat(s.get("videos").get("duplicate_groups").toString()).isEqualTo("[[\"a.avi\",\"b-copy.avi\"]]");
    List<ClipRecord> records = ClipDatasetReader.readAll(dir.resolve("out"));
    ClipRecord a = records.stream().filter(r -> r.videoId().equals("a.avi")).findFirst().orElseThrow();
    ClipRecord b = records.stream().filter(r -> r.videoId().equals("b-copy.avi")).findFirst().orElseThrow();
    assertThat(a.sourceSha256()).isEqualTo(b.sourceSha256());
    assertThat(a.frames().get(5)).isEqualTo(b.frames().get(5));
  }

  @Test
  void aVideoShorterThanATrainingClipIsKeptAndFlagged() throws Exception {
    List<VideoSource> in = List.of(
        VideoSource.of(TestVideos.get("g1.avi").toString(), "g1.avi"),
        VideoSource.of(TestVideos.get("motion.mov").toString(), "motion.mov"));
    JsonNode s = ingest(in, IngestConfig.defaults(), dir.resolve("out"));
    assertThat(s.get("short_records").asInt()).isEqualTo(1);
    List<ClipRecord> records = ClipDatasetReader.readAll(dir.resolve("out"));
    assertThat(records).filteredOn(ClipRecord::shortVideo).extracting(ClipRecord::clipId).containsExactly("g1.avi#0");
    assertThat(records).filteredOn(r -> r.clipId().equals("g1.avi#0")).extracting(ClipRecord::numFrames).containsExactly(16);
  }

  @Test
  void manifestLabelsSplitsRangesAndStridesReachTheRecords() throws Exception {
    Path m = Files.writeString(dir.resolve("m.csv"),
        "path,label,split,start_sec,end_sec\n"
            + TestVideos.get("vtest.avi") + ",walking,train,10,20\n"
            + TestVideos.get("cup.mp4") + ",holding,test,,\n");
    IngestConfig config = IngestConfig.builder().frameStride(2).shortSide(128).jpegQuality(80).build();
    JsonNode s = ingest(VideoInputs.resolve(m.toString(), null), config, dir.resolve("out"));
    assertThat(s.get("settings").get("short_side").asInt()).isEqualTo(128);
    List<ClipRecord> records = ClipDatasetReader.readAll(dir.resolve("out"));
    ClipRecord vtest = records.stream().filter(r -> r.videoId().endsWith("vtest.avi")).findFirst().orElseThrow();
    assertThat(vtest.label()).isEqualTo("walking");
    assertThat(vtest.labelIndex()).isEqualTo(1); // holding=0, walking=1
    assertThat(vtest.split()).isEqualTo("train");
    // 10 s to 20 s at 10 fps, every 2nd frame: source frames 100, 102, ..., 198
    assertThat(vtest.startFrame()).isEqualTo(100);
    assertThat(vtest.frameStride()).isEqualTo(2);
    assertThat(vtest.numFrames()).isEqualTo(50);
    assertThat(vtest.timestampUs(1) - vtest.timestampUs(0)).isEqualTo(200_000);
    assertThat(vtest.height()).isEqualTo(128);
    assertThat(vtest.width()).isEqualTo(170);
    ClipRecord cup = records.stream().filter(r -> r.videoId().endsWith("cup.mp4")).findFirst().orElseThrow();
    assertThat(cup.labelIndex()).isZero();
    assertThat(cup.numFrames()).isEqualTo(109); // 217 frames, every 2nd
  }

  @Test
  void aTimeRangeOutsideTheVideoIsARejectNotACrash() throws Exception {
    List<VideoSource> in = List.of(new VideoSource(TestVideos.get("g1.avi").toString(), "g1.avi", null, null, null, 5.0, 6.0));
    JsonNode s = ingest(in, IngestConfig.defaults(), dir.resolve("out"));
    assertThat(s.get("records").asInt()).isZero();
    assertThat(s.get("rejects").get("by_reason").get("empty_time_range").asInt()).isEqualTo(1);
  }

  @Test
  void refusesToWriteIntoANonEmptyFolderUnlessAskedTo() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve("old.txt"), "x");
    List<VideoSource> in = List.of(VideoSource.of(TestVideos.get("g1.avi").toString(), "g1.avi"));
    assertThatThrownBy(() -> ingest(in, IngestConfig.defaults(), out)).hasMessageContaining("is not empty");
    JsonNode s = IngestPipeline.run(RunnerSettings.direct().toOptions("test"), in, IngestConfig.defaults(), out, true);
    assertThat(s.get("records").asInt()).isEqualTo(1);
    assertThat(out.resolve("old.txt")).doesNotExist();
  }
}
