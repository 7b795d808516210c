package org.constcl.transforms.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.constcl.transforms.clip.FrameSize;
import org.constcl.transforms.clip.SegmentPlan;
import org.constcl.transforms.clip.SegmentPlanner;
import org.constcl.transforms.input.VideoSource;
import org.constcl.transforms.io.AssembleParquetShards;
import org.constcl.transforms.io.ClipDatasetReader;
import org.constcl.transforms.io.ShardLayout;
import org.constcl.transforms.io.ShardResult;
import org.constcl.transforms.record.ClipRecord;
import org.constcl.transforms.record.ClipRecordAvro;
import org.constcl.transforms.record.Reject;
import org.constcl.transforms.testing.BadInputs;
import org.constcl.transforms.testing.TestVideos;
import org.constcl.transforms.video.VideoInfo;
import org.constcl.transforms.video.VideoProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The ingest DoFns on the DirectRunner. */
class IngestDoFnsTest {
  @TempDir Path dir;

  private static VideoSource source(Path p) {
    return VideoSource.of(p.toString(), p.getFileName().toString());
  }

  @Test
  @Timeout(120)
  void planSplitsVideosIntoSegmentsAndRejectsUnreadableOnes() throws Exception {
    IngestConfig config = IngestConfig.builder().maxSegmentFrames(300).build();
    List<VideoSource> in = List.of(
        source(TestVideos.get("vtest.avi")),
        source(TestVideos.get("g1.avi")),
        source(BadInputs.truncated(dir, "cut.avi", TestVideos.get("vtest.avi"), 0.5)));
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    PCollectionTuple out =
        p.apply(Create.of(in).withCoder(SerializableCoder.of(VideoSource.class)))
            .apply(ParDo.of(new PlanSegmentsFn(config))
                .withOutputTags(PlanSegmentsFn.SEGMENTS, TupleTagList.of(PlanSegmentsFn.REJECTS).and(PlanSegmentsFn.VIDEOS)));
    out.get(PlanSegmentsFn.SEGMENTS).setCoder(SerializableCoder.of(SegmentTask.class));
    out.get(PlanSegmentsFn.REJECTS).setCoder(SerializableCoder.of(Reject.class));
    out.get(PlanSegmentsFn.VIDEOS).setCoder(SerializableCoder.of(VideoIngested.class));
    PAssert.that(out.get(PlanSegmentsFn.SEGMENTS)).satisfies(tasks -> {
      List<String> seen = new ArrayList<>();
      for (SegmentTask t : tasks) {
        seen.add(t.source().videoId() + "#" + t.plan().segmentIndex() + ":" + t.plan().startFrame()
            + "+" + t.plan().frameCount() + "/" + t.plan().numSegments() + "@" + t.size().width() + "x" + t.size().height());
      }
      assertThat(seen).containsExactlyInAnyOrder(
          "vtest.avi#0:0+265/3@342x256", "vtest.avi#1:265+265/3@342x256", "vtest.avi#2:530+265/3@342x256",
          "g1.avi#0:0+16/1@342x256");
      return null;
    });
    PAssert.that(out.get(PlanSegmentsFn.REJECTS)).satisfies(rejects -> {
      Reject r = rejects.iterator().next();
      assertThat(r.uri()).endsWith("cut.avi");
      assertThat(r.reason()).isEqualTo("truncated_file");
      assertThat(r.stage()).isEqualTo("ingest/probe");
      return null;
    });
    PAssert.that(out.get(PlanSegmentsFn.VIDEOS)).satisfies(videos -> {
      assertThat(videos).extracting(VideoIngested::videoId).containsExactlyInAnyOrder("vtest.avi", "g1.avi");
      assertThat(videos).extracting(VideoIngested::sha256).allMatch(s -> s.length() == 64);
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  @Timeout(120)
  void segmentsBecomePartsThatAssembleIntoSortedShardsAndOnlyTheBrokenSegmentIsRejected() throws Exception {
    IngestConfig config = IngestConfig.builder().maxSegmentFrames(10).build();
    List<SegmentTask> tasks = new ArrayList<>(planAll(TestVideos.get("g2.avi"), config)); // 2 segments of 8
    Path copy = BadInputs.copy(dir, "gone.avi", TestVideos.get("g1.avi"));
    tasks.addAll(planAll(copy, config));
    java.nio.file.Files.delete(copy);
    java.util.Collections.reverse(tasks);
    Path out = java.nio.file.Files.createDirectories(dir.resolve("out"));
    String parts = out.resolve("_segments").toString();

    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    PCollectionTuple encoded =
        p.apply(Create.of(tasks).withCoder(SerializableCoder.of(SegmentTask.class)))
            .apply(ParDo.of(new EncodeSegmentFn(parts, config))
                .withOutputTags(EncodeSegmentFn.PARTS, TupleTagList.of(EncodeSegmentFn.REJECTS).and(EncodeSegmentFn.STATS)));
    encoded.get(EncodeSegmentFn.PARTS).setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(ShardResult.class)));
    encoded.get(EncodeSegmentFn.REJECTS).setCoder(SerializableCoder.of(Reject.class));
    encoded.get(EncodeSegmentFn.STATS).setCoder(SerializableCoder.of(ClipStats.class));
    PCollection<ShardResult> shards = encoded.get(EncodeSegmentFn.PARTS)
        .apply(AssembleParquetShards.of(parts, out.toString(), new ShardLayout("part", 3), ClipRecordAvro.SCHEMA));
    PAssert.that(shards).satisfies(all -> {
      assertThat(all).extracting(ShardResult::name).containsExactlyInAnyOrder(
          "part-00000-of-00003.parquet", "part-00001-of-00003.parquet", "part-00002-of-00003.parquet");
      assertThat(all).extracting(ShardResult::records).containsExactlyInAnyOrder(0L, 1L, 1L);
      return null;
    });
    PAssert.that(encoded.get(EncodeSegmentFn.STATS)).satisfies(stats -> {
      assertThat(stats).extracting(ClipStats::frames).containsExactly(8, 8);
      return null;
    });
    PAssert.that(encoded.get(EncodeSegmentFn.REJECTS)).satisfies(rejects -> {
      assertThat(rejects).allSatisfy(r -> {
        assertThat(r.uri()).endsWith("gone.avi");
        assertThat(r.stage()).isEqualTo("ingest/decode");
        assertThat(r.reason()).isEqualTo("undecodable_video");
      });
      assertThat(rejects).extracting(Reject::detail).containsExactlyInAnyOrder(
          "segment 0 (source frames 0..7): No such file or directory (-2)",
          "segment 1 (source frames 8..15): No such file or directory (-2)");
      return null;
    });
    p.run().waitUntilFinish();

    assertThat(java.nio.file.Files.list(out.resolve("_segments")).toList()).as("parts are deleted").isEmpty();
    List<ClipRecord> records = ClipDatasetReader.readAll(out);
    assertThat(records).extracting(ClipRecord::clipId).containsExactlyInAnyOrder("g2.avi#0", "g2.avi#1");
    for (ClipRecord r : records) {
      assertThat(r.numFrames()).isEqualTo(8);
      assertThat(r.numSegments()).isEqualTo(2);
      assertThat(r.shortVideo()).isTrue();
      assertThat(r.width()).isEqualTo(342);
      assertThat(r.height()).isEqualTo(256);
      assertThat(r.startFrame()).isEqualTo(8 * r.segmentIndex());
      assertThat(r.timestampUs(0)).isEqualTo(r.startFrame() * 40_000L);
    }
  }

  private static List<SegmentTask> planAll(Path file, IngestConfig config) throws Exception {
    VideoInfo info = VideoProbe.probe(file);
    List<SegmentTask> tasks = new ArrayList<>();
    for (SegmentPlan plan : SegmentPlanner.plan(info.timestampsUs(), null, null, 1, config.maxSegmentFrames())) {
      tasks.add(new SegmentTask(source(file), "0".repeat(64), info.codec(), info.fps(), info.width(), info.height(),
          FrameSize.scaleToShortSide(info.width(), info.height(), config.shortSide()), plan, true));
    }
    return tasks;
  }
}
