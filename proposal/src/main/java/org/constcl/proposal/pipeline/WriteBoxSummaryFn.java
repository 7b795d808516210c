package org.constcl.proposal.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.constcl.proposal.record.BoxRecordAvro;
import org.constcl.proposal.source.ProposalConfig;
import org.constcl.transforms.io.ShardResult;
import org.constcl.transforms.record.Reject;
import org.constcl.transforms.summary.SummaryFiles;
import org.constcl.transforms.summary.SummaryNodes;

/**
 * Writes the box dataset's {@code _SUMMARY.json} once every shard exists (side inputs). Like the
 * clip summary, nothing in it depends on the runner or on processing order.
 */
final class WriteBoxSummaryFn extends DoFn<Integer, Void> {
  private final String directory;
  private final ProposalConfig config;
  private final ClipDataset clips;
  private final PCollectionView<List<ShardResult>> boxShards;
  private final PCollectionView<List<ShardResult>> rejectShards;
  private final PCollectionView<List<Reject>> rejects;
  private final PCollectionView<BoxTotals> totals;

  WriteBoxSummaryFn(String directory, ProposalConfig config, ClipDataset clips,
      PCollectionView<List<ShardResult>> boxShards, PCollectionView<List<ShardResult>> rejectShards,
      PCollectionView<List<Reject>> rejects, PCollectionView<BoxTotals> totals) {
    this.directory = directory;
    this.config = config;
    this.clips = clips;
    this.boxShards = boxShards;
    this.rejectShards = rejectShards;
    this.rejects = rejects;
    this.totals = totals;
  }

  @ProcessElement
  public void process(ProcessContext c) throws IOException {
    BoxTotals t = c.sideInput(totals);
    List<ShardResult> shards = SummaryNodes.sorted(c.sideInput(boxShards));
    ObjectNode s = SummaryFiles.JSON.createObjectNode();
    s.put("dataset", "boxes");
    s.put("record_schema", BoxRecordAvro.SCHEMA.getFullName());
    s.put("format_version", 1);
    s.put("source", config.source());
    s.put("engine", config.engine().id());
    s.put("config_digest", config.digest());
    s.set("config", SummaryFiles.JSON.readTree(config.canonicalJson()));
    if (config.model() != null) {
      s.putObject("model").put("path", config.model().path()).put("sha256", config.model().sha256());
    }
    s.putObject("clips")
        .put("folder", clips.folder())
        .put("digest", clips.digest())
        .put("records", clips.records());
    long rows = SummaryNodes.rows(shards);
    s.put("records", rows);
    s.put("ok_records", t.records - t.rejected);
    s.put("rejected_records", t.rejected);
    s.put("missing_records", clips.records() - rows);
    s.put("aligned", rows == clips.records());
    s.put("frames_with_boxes", t.frames);
    s.put("boxes", t.boxes);
    s.put("empty_frames", t.emptyFrames);
    s.put("mean_boxes_per_frame", t.frames == 0 ? 0.0 : Math.round(1000.0 * t.boxes / t.frames) / 1000.0);
    ObjectNode hist = s.putObject("boxes_per_frame_histogram");
    t.histogram.forEach((k, v) -> hist.put(Integer.toString(k), v));
    s.set("shards", SummaryNodes.shards(clips.layout().prefix(), shards));
    s.set("rejects", SummaryNodes.rejects(c.sideInput(rejects), c.sideInput(rejectShards), ProposeRegions.REJECTS_DIR));
    s.put("digest", SummaryNodes.digest(shards));
    SummaryFiles.write(directory, s);
  }
}
