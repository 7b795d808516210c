package org.constcl.transforms.ingest;

import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.constcl.transforms.input.VideoSource;
import org.constcl.transforms.record.ClipRecord;
import org.constcl.transforms.record.ClipRecordCoder;
import org.constcl.transforms.record.Reject;

/**
 * Videos to clip records: probe and plan each video (demux only), spread the segments over all
 * workers with a reshuffle, decode each segment into a {@link ClipRecord}. Every input ends as
 * records or rejects ({@link #CLIPS}, {@link #REJECTS}); nothing is dropped.
 */
public final class VideosToClips extends PTransform<PCollection<VideoSource>, PCollectionTuple> {
  /** The clip records. */
  public static final TupleTag<ClipRecord> CLIPS = EncodeSegmentFn.CLIPS;
  /** Videos or segments that could not be ingested. */
  public static final TupleTag<Reject> REJECTS = new TupleTag<>() {};
  static final TupleTag<ClipStats> STATS = EncodeSegmentFn.STATS;
  static final TupleTag<VideoIngested> VIDEOS = PlanSegmentsFn.VIDEOS;

  private final IngestConfig config;

  private VideosToClips(IngestConfig config) {
    this.config = config;
  }

  public static VideosToClips with(IngestConfig config) {
    return new VideosToClips(config);
  }

  @Override
  public PCollectionTuple expand(PCollection<VideoSource> videos) {
    PCollectionTuple planned =
        videos.apply(
            "ProbeAndPlan",
            ParDo.of(new PlanSegmentsFn(config))
                .withOutputTags(
                    PlanSegmentsFn.SEGMENTS,
                    TupleTagList.of(PlanSegmentsFn.REJECTS).and(PlanSegmentsFn.VIDEOS)));
    planned.get(PlanSegmentsFn.SEGMENTS).setCoder(SerializableCoder.of(SegmentTask.class));
    planned.get(PlanSegmentsFn.REJECTS).setCoder(SerializableCoder.of(Reject.class));
    planned.get(PlanSegmentsFn.VIDEOS).setCoder(SerializableCoder.of(VideoIngested.class));

    PCollectionTuple decoded =
        planned
            .get(PlanSegmentsFn.SEGMENTS)
            // Without it the fan-out stays fused to the video that produced it: one worker per video.
            .apply("SpreadSegments", Reshuffle.viaRandomKey())
            .apply(
                "DecodeSegments",
                ParDo.of(new EncodeSegmentFn(config))
                    .withOutputTags(
                        EncodeSegmentFn.CLIPS,
                        TupleTagList.of(EncodeSegmentFn.REJECTS).and(EncodeSegmentFn.STATS)));
    decoded.get(EncodeSegmentFn.CLIPS).setCoder(ClipRecordCoder.of());
    decoded.get(EncodeSegmentFn.REJECTS).setCoder(SerializableCoder.of(Reject.class));
    decoded.get(EncodeSegmentFn.STATS).setCoder(SerializableCoder.of(ClipStats.class));

    PCollection<Reject> rejects =
        PCollectionList.of(planned.get(PlanSegmentsFn.REJECTS))
            .and(decoded.get(EncodeSegmentFn.REJECTS))
            .apply("CollectRejects", Flatten.pCollections());
    return PCollectionTuple.of(CLIPS, decoded.get(EncodeSegmentFn.CLIPS))
        .and(REJECTS, rejects)
        .and(STATS, decoded.get(EncodeSegmentFn.STATS))
        .and(VIDEOS, planned.get(PlanSegmentsFn.VIDEOS));
  }
}
