package org.constcl.workflows.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.constcl.eval.benchmark.DatasetKind;
import org.constcl.workflows.engine.RunOptions;
import org.constcl.workflows.experiment.FormatParts;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.store.Artifact;

/**
 * A labelled classification dataset in an official layout (UCF-101, HMDB-51, Kinetics) or a
 * generated speed/direction set → a labelled clip dataset ({@code constcl datasets ingest}), for the
 * benchmarks that read clips.
 */
public final class DatasetIngestStage extends StageBase {
  /** Official layouts it reads, each split files plus videos. */
  public static final List<String> FORMATS = List.of("ucf101", "hmdb51", "kinetics");
  /** Inputs that name a file or folder of an official layout besides its root. */
  static final List<String> LAYOUT_FILES = List.of("splits_dir", "train_csv", "test_csv");

  public DatasetIngestStage() {
    super(new StageInfo("dataset-ingest", Resource.BEAM, false,
        List.of("transforms", "proposal", "eval"), "DatasetsCommand",
        java.util.stream.Stream.concat(java.util.stream.Stream.of("dataset"), LAYOUT_FILES.stream()).toList(), "_SUMMARY.json",
        false));
  }

  @Override
  public void contribute(FormatParts parts) {
    FORMATS.forEach(f -> parts.format(f, DatasetKind.CLASSIFICATION));
  }

  /** The config of an instance; a generated dataset is in the UCF-101 layout (split 1). */
  public ObjectNode config(JsonNode dataset) {
    boolean made = dataset.has("make");
    ObjectNode ic = CanonicalJson.JSON.createObjectNode();
    ic.put("short_side", dataset.path("ingest").path("short_side").asInt(made ? 128 : 256));
    ic.put("allow_missing", dataset.path("allow_missing").asBoolean(false));
    ic.put("format", made ? "ucf101" : dataset.get("format").asText());
    ic.put("split", made ? 1 : dataset.path("split").asInt(1));
    return ic;
  }

  @Override
  public List<String> arguments(StageInstance i, Map<String, Artifact> inputs, Path work, Path scratch, RunOptions run) {
    JsonNode c = i.config();
    List<String> a = new ArrayList<>(List.of("datasets", "ingest", "--dataset", StageArguments.input(i, inputs, "dataset")
        .toString(), "--format", c.get("format").asText(), "--split", c.get("split").asText(), "--short-side",
        c.get("short_side").asText(), "--output", work.toString()));
    for (String k : LAYOUT_FILES) {
      if (i.inputs().containsKey(k)) {
        a.addAll(List.of(StageArguments.flag(k), StageArguments.input(i, inputs, k).toString()));
      }
    }
    if (c.path("allow_missing").asBoolean()) {
      a.add("--allow-missing");
    }
    a.addAll(run.beamArgs());
    return a;
  }

  @Override
  public StageResult result(Path artifact) throws IOException {
    return IngestStage.records(artifact);
  }
}
