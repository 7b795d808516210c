package org.constcl.workflows.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.constcl.proposal.source.ProposalConfig;
import org.constcl.proposal.source.RegionSourceType;
import org.constcl.proposal.source.RegionSources;
import org.constcl.workflows.engine.RunOptions;
import org.constcl.workflows.experiment.FormatParts;
import org.constcl.workflows.experiment.FormatParts.Field;
import org.constcl.workflows.experiment.FormatParts.Kind;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.store.Artifact;

/**
 * Clip records → box records of one region source ({@code constcl proposals}). The sources are the
 * registered {@link RegionSourceType} plug-ins; {@code pretrain.regions} offers their names.
 */
public final class ProposalsStage extends StageBase {
  public ProposalsStage() {
    super(new StageInfo("proposals", Resource.BEAM, false, List.of("transforms", "proposal"), "ProposalsCommand",
        List.of("clips", "model"), "_SUMMARY.json", false));
  }

  @Override
  public void contribute(FormatParts parts) {
    Set<String> withModel = RegionSources.all().stream().filter(RegionSourceType::takesModel).map(RegionSourceType::name)
        .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    parts.regions(RegionSources.names(), withModel);
    parts.proposals(List.of(
        new Field("frame_stride", Kind.INTEGER, "Boxes on stored frames 0, k, 2k, ...", List.of()),
        new Field("seed", Kind.INTEGER, "Seed of the random source and of selective search's ranking.", List.of()),
        new Field("model", Kind.STRING, "Detector for " + String.join("/", withModel) + ": ONNX file or SavedModel folder.",
            List.of())));
  }

  /** The config of an instance: the source and a cell's {@code pretrain.proposals} keys with their defaults. */
  public ObjectNode config(String source, JsonNode proposals) {
    ObjectNode pc = CanonicalJson.JSON.createObjectNode();
    pc.put("source", source);
    pc.put("frame_stride", proposals.path("frame_stride").asInt(1));
    pc.put("seed", proposals.path("seed").asLong(ProposalConfig.DEFAULT_SEED));
    JsonNode params = proposals.path("params");
    pc.set("params", params.isObject() ? params.deepCopy() : CanonicalJson.JSON.createObjectNode());
    return pc;
  }

  @Override
  public List<String> arguments(StageInstance i, Map<String, Artifact> inputs, Path work, Path scratch, RunOptions run) {
    JsonNode c = i.config();
    List<String> a = new ArrayList<>(List.of("proposals", "--source", c.get("source").asText(), "--clips",
        StageArguments.input(i, inputs, "clips").toString(), "--output", work.toString(), "--overwrite", "--frame-stride",
        c.get("frame_stride").asText(), "--seed", c.get("seed").asText()));
    if (i.inputs().containsKey("model")) {
      a.addAll(List.of("--model", StageArguments.input(i, inputs, "model").toString()));
    }
    c.path("params").fields().forEachRemaining(p -> a.addAll(List.of("--set", p.getKey() + "=" + p.getValue().asText())));
    a.addAll(run.beamArgs());
    return a;
  }

  @Override
  public StageResult result(Path artifact) throws IOException {
    JsonNode s = CanonicalJson.JSON.readTree(artifact.resolve("_SUMMARY.json").toFile());
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("boxes", s.path("boxes").asDouble());
    m.put("mean_boxes_per_frame", s.path("mean_boxes_per_frame").asDouble());
    return new StageResult(m, List.of());
  }
}
