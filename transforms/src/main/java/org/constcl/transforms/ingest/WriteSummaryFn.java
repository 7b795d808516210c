package org.constcl.transforms.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.constcl.transforms.io.ShardResult;
import org.constcl.transforms.record.ClipRecordAvro;
import org.constcl.transforms.record.Reject;
import org.constcl.transforms.summary.SummaryFiles;
import org.constcl.transforms.summary.SummaryNodes;

/**
 * Writes the clip dataset's {@code _SUMMARY.json} from the results of every other step (side
 * inputs), so it runs after all shards exist. Everything in it is independent of the runner and of
 * record order; field meanings are in docs/records.md.
 */
final class WriteSummaryFn extends DoFn<Integer, Void> {
  private final String directory;
  private final String partsDirectory;
  private final long videosIn;
  private final Map<String, Object> settings;
  private final PCollectionView<List<ShardResult>> clipShards;
  private final PCollectionView<List<ShardResult>> rejectShards;
  private final PCollectionView<List<Reject>> rejects;
  private final PCollectionView<ClipTotals> totals;
  private final PCollectionView<Long> videosIngested;
  private final PCollectionView<List<List<String>>> duplicates;

  WriteSummaryFn(
      String directory,
      String partsDirectory,
      long videosIn,
      Map<String, Object> settings,
      PCollectionView<List<ShardResult>> clipShards,
      PCollectionView<List<ShardResult>> rejectShards,
      PCollectionView<List<Reject>> rejects,
      PCollectionView<ClipTotals> totals,
      PCollectionView<Long> videosIngested,
      PCollectionView<List<List<String>>> duplicates) {
    this.directory = directory;
    this.partsDirectory = partsDirectory;
    this.videosIn = videosIn;
    this.settings = new TreeMap<>(settings);
    this.clipShards = clipShards;
    this.rejectShards = rejectShards;
    this.rejects = rejects;
    this.totals = totals;
    this.videosIngested = videosIngested;
    this.duplicates = duplicates;
  }

  @ProcessElement
  public void process(ProcessContext c) throws IOException {
    ClipTotals t = c.sideInput(totals);
    List<ShardResult> shards = SummaryNodes.sorted(c.sideInput(clipShards));
    ObjectNode s = SummaryFiles.JSON.createObjectNode();
    s.put("dataset", "clips");
    s.put("record_schema", ClipRecordAvro.SCHEMA.getFullName());
    s.put("format_version", 1);
    s.set("settings", SummaryFiles.JSON.valueToTree(settings));
    s.set("videos", videos(c));
    s.put("records", t.records);
    s.put("frames", t.frames);
    s.put("frame_bytes", t.frameBytes);
    s.put("short_records", t.shortRecords);
    s.put("missing_frames", t.missingFrames);
    s.put("unlisted_frames", t.unlistedFrames);
    s.put("incomplete_records", t.incompleteRecords);
    ArrayNode incomplete = s.putArray("incomplete_examples");
    for (ClipStats st : t.incomplete) {
      incomplete.addObject()
          .put("clip_id", st.clipId())
          .put("missing_frames", st.missingFrames())
          .put("unlisted_frames", st.unlistedFrames());
    }
    s.set("shards", SummaryNodes.shards(IngestVideos.CLIP_SHARD_PREFIX, shards));
    s.set("rejects", SummaryNodes.rejects(c.sideInput(rejects), c.sideInput(rejectShards), IngestVideos.REJECTS_DIR));
    long rows = SummaryNodes.rows(shards);
    if (rows != t.records) {
      throw new IllegalStateException("shards hold " + rows + " rows but " + t.records + " records were encoded");
    }
    s.put("digest", SummaryNodes.digest(shards));
    // Every part has been appended to its shard and deleted; the folder goes too.
    FileSystems.delete(List.of(FileSystems.matchNewResource(partsDirectory, true)),
        MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    SummaryFiles.write(directory, s);
  }

  private ObjectNode videos(ProcessContext c) {
    long ingested = c.sideInput(videosIngested);
    List<List<String>> groups = new ArrayList<>(c.sideInput(duplicates));
    groups.sort(Comparator.comparing(g -> g.get(0)));
    ObjectNode v = SummaryFiles.JSON.createObjectNode();
    v.put("in", videosIn);
    v.put("ingested", ingested);
    v.put("rejected", videosIn - ingested);
    long extraCopies = 0;
    for (List<String> g : groups) {
      extraCopies += g.size() - 1;
    }
    v.put("duplicates", extraCopies);
    v.set("duplicate_groups", SummaryFiles.JSON.valueToTree(groups));
    return v;
  }
}
