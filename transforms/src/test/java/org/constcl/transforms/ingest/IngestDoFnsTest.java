package org.constcl.transforms.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.constcl.transforms.input.VideoSource;
import org.constcl.transforms.record.ClipRecord;
import org.constcl.transforms.record.ClipRecordCoder;
import org.constcl.transforms.record.Reject;
import org.constcl.transforms.testing.BadInputs;
import org.constcl.transforms.testing.TestVideos;
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
  void encodeTurnsASegmentIntoARecordOrAReject() throws Exception {
    IngestConfig config = IngestConfig.builder().maxSegmentFrames(10).build();
    List<VideoSource> in = List.of(source(TestVideos.get("g2.avi")));
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    PCollectionTuple planned =
        p.apply(Create.of(in).withCoder(SerializableCoder.of(VideoSource.class)))
            .apply(ParDo.of(new PlanSegmentsFn(config))
                .withOutputTags(PlanSegmentsFn.SEGMENTS, TupleTagList.of(PlanSegmentsFn.REJECTS).and(PlanSegmentsFn.VIDEOS)));
    planned.get(PlanSegmentsFn.SEGMENTS).setCoder(SerializableCoder.of(SegmentTask.class));
    planned.get(PlanSegmentsFn.REJECTS).setCoder(SerializableCoder.of(Reject.class));
    planned.get(PlanSegmentsFn.VIDEOS).setCoder(SerializableCoder.of(VideoIngested.class));
    PCollectionTuple encoded =
        planned.get(PlanSegmentsFn.SEGMENTS)
            .apply(ParDo.of(new EncodeSegmentFn(config))
                .withOutputTags(EncodeSegmentFn.CLIPS, TupleTagList.of(EncodeSegmentFn.REJECTS).and(EncodeSegmentFn.STATS)));
    encoded.get(EncodeSegmentFn.CLIPS).setCoder(ClipRecordCoder.of());
    encoded.get(EncodeSegmentFn.REJECTS).setCoder(SerializableCoder.of(Reject.class));
    encoded.get(EncodeSegmentFn.STATS).setCoder(SerializableCoder.of(ClipStats.class));
    PAssert.that(encoded.get(EncodeSegmentFn.CLIPS)).satisfies(clips -> {
      List<ClipRecord> all = new ArrayList<>();
      clips.forEach(all::add);
      assertThat(all).extracting(ClipRecord::clipId).containsExactlyInAnyOrder("g2.avi#0", "g2.avi#1");
      for (ClipRecord r : all) {
        assertThat(r.numFrames()).isEqualTo(8); // 16 frames, segments of at most 10: 8 + 8
        assertThat(r.numSegments()).isEqualTo(2);
        assertThat(r.shortVideo()).isTrue();
        assertThat(r.width()).isEqualTo(342);
        assertThat(r.height()).isEqualTo(256);
        assertThat(r.startFrame()).isEqualTo(8 * r.segmentIndex());
        assertThat(r.timestampUs(0)).isEqualTo(r.startFrame() * 40_000L);
      }
      return null;
    });
    PAssert.that(encoded.get(EncodeSegmentFn.REJECTS)).empty();
    p.run().waitUntilFinish();
  }

  @Test
  @Timeout(120)
  void aSegmentWhoseFileVanishedBecomesAReject() throws Exception {
    Path copy = BadInputs.copy(dir, "gone.avi", TestVideos.get("g1.avi"));
    SegmentTask task = planOne(copy);
    java.nio.file.Files.delete(copy);
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    PCollectionTuple encoded =
        p.apply(Create.of(List.of(task)).withCoder(SerializableCoder.of(SegmentTask.class)))
            .apply(ParDo.of(new EncodeSegmentFn(IngestConfig.defaults()))
                .withOutputTags(EncodeSegmentFn.CLIPS, TupleTagList.of(EncodeSegmentFn.REJECTS).and(EncodeSegmentFn.STATS)));
    encoded.get(EncodeSegmentFn.CLIPS).setCoder(ClipRecordCoder.of());
    encoded.get(EncodeSegmentFn.REJECTS).setCoder(SerializableCoder.of(Reject.class));
    encoded.get(EncodeSegmentFn.STATS).setCoder(SerializableCoder.of(ClipStats.class));
    PAssert.that(encoded.get(EncodeSegmentFn.CLIPS)).empty();
    PAssert.that(encoded.get(EncodeSegmentFn.REJECTS)).satisfies(rejects -> {
      Reject r = rejects.iterator().next();
      assertThat(r.stage()).isEqualTo("ingest/decode");
      assertThat(r.reason()).isEqualTo("undecodable_video");
      assertThat(r.detail()).startsWith("segment 0 (source frames 0..15): ");
      return null;
    });
    p.run().waitUntilFinish();
  }

  private static SegmentTask planOne(Path file) throws Exception {
    org.constcl.transforms.video.VideoInfo info = org.constcl.transforms.video.VideoProbe.probe(file);
    var plan = org.constcl.transforms.clip.SegmentPlanner.plan(info.timestampsUs(), null, null, 1, 300).get(0);
    return new SegmentTask(source(file), "0".repeat(64), info.codec(), info.fps(), info.width(), info.height(),
        new org.constcl.transforms.clip.FrameSize(200, 150), plan, true);
  }
}
