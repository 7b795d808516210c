package org.constcl.workflows.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.constcl.workflows.engine.RunOptions;
import org.constcl.workflows.experiment.FormatParts;
import org.constcl.workflows.experiment.FormatParts.Field;
import org.constcl.workflows.experiment.FormatParts.Kind;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.store.Artifact;

/** Videos → clip records ({@code constcl ingest}); its config is a dataset's {@code ingest:} section. */
public final class IngestStage extends StageBase {
  public IngestStage() {
    super(new StageInfo("ingest", Resource.BEAM, false, List.of("transforms"), "IngestCommand", List.of("videos"),
        "_SUMMARY.json", false));
  }

  @Override
  public void contribute(FormatParts parts) {
    parts.ingest(List.of(
        new Field("short_side", Kind.INTEGER, "Short side of stored frames, even; 0 keeps the source size.", List.of()),
        new Field("frame_stride", Kind.INTEGER, "Keep every k-th source frame.", List.of()),
        new Field("fps", Kind.NUMBER, "Target frame rate (overrides frame_stride).", List.of()),
        new Field("max_segment_frames", Kind.INTEGER, "Split videos into segments of at most this many stored frames.",
            List.of()),
        new Field("jpeg_quality", Kind.INTEGER, "JPEG quality 1-100.", List.of()),
        new Field("min_clip_frames", Kind.INTEGER, "Records with fewer frames are flagged short_video.", List.of())));
  }

  /** The config of an instance: the dataset's {@code ingest:} keys as written. */
  public ObjectNode config(JsonNode dataset) {
    JsonNode ingest = dataset.path("ingest");
    return ingest.isObject() ? ((ObjectNode) ingest).deepCopy() : CanonicalJson.JSON.createObjectNode();
  }

  @Override
  public List<String> arguments(StageInstance i, Map<String, Artifact> inputs, Path work, Path scratch, RunOptions run) {
    List<String> a = new ArrayList<>(List.of("ingest", "--input", StageArguments.input(i, inputs, "videos").toString(),
        "--output", work.toString(), "--overwrite"));
    a.addAll(StageArguments.options(i.config()));
    a.addAll(run.beamArgs());
    return a;
  }

  @Override
  public StageResult result(Path artifact) throws IOException {
    return records(artifact);
  }

  /** Videos, records and frames of a clip dataset's summary. */
  static StageResult records(Path artifact) throws IOException {
    JsonNode s = CanonicalJson.JSON.readTree(artifact.resolve("_SUMMARY.json").toFile());
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("videos", s.path("videos").path("ingested").asDouble());
    m.put("records", s.path("records").asDouble());
    m.put("frames", s.path("frames").asDouble());
    return new StageResult(m, List.of());
  }
}
