package org.constcl.workflows.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.constcl.eval.benchmark.DatasetKind;
import org.constcl.workflows.engine.RunOptions;
import org.constcl.workflows.experiment.FormatParts;
import org.constcl.workflows.experiment.FormatParts.Field;
import org.constcl.workflows.experiment.FormatParts.Kind;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.store.Artifact;

/**
 * A labelled benchmark generated from real videos ({@code constcl datasets make-<make>}): the
 * speed/direction classification set, an AVA-format set, OTB / GOT-10k tracking sequences, a
 * DAVIS-2017-layout segmentation set, or a scene retrieval set.
 */
public final class DatasetMakeStage extends StageBase {
  public DatasetMakeStage() {
    super(new StageInfo("dataset-make", Resource.LOCAL, false, List.of("transforms", "proposal", "eval"),
        "DatasetsCommand", List.of("videos"), "README.txt", true));
  }

  /**
   * One generator: its settings, the kind of dataset it makes from them, and its stored frame rate.
   *
   * @param fps frames per second of the frames it writes, when they are a frame folder (AVA), else null
   */
  record Maker(String name, List<Field> settings, Function<JsonNode, DatasetKind> kind, Integer fps) {}

  private static final List<Maker> MAKERS = List.of(
      new Maker("speed-direction", List.of(
          integer("clip_frames", "Frames per clip."), integer("short_side", "Frame short side."),
          integer("windows", "Windows per source video at most."),
          number("test_fraction", "Fraction of source videos held out for test."), integer("seed", "Seed of the split.")),
          s -> DatasetKind.CLASSIFICATION, null),
      new Maker("ava", List.of(
          integer("keyframes", "Keyframes per video."), integer("fps", "Stored frames per second."),
          integer("short_side", "Frame short side."), integer("actors", "Moving patches per video (1-4)."),
          number("val_fraction", "Fraction of videos in the validation split."), integer("seed", "Seed of the content.")),
          s -> DatasetKind.AVA, 8),
      new Maker("tracking", List.of(
          integer("frames", "Frames per sequence."), integer("short_side", "Frame short side."),
          number("patch", "Patch side / frame short side."),
          new Field("layout", Kind.STRING, "OTB sequences (evaluation) or a GOT-10k train split (fine-tuning).",
              List.of("otb", "got10k")),
          integer("seed", "Seed of sizes and paths.")),
          s -> s.path("layout").asText("otb").equals("got10k") ? DatasetKind.GOT10K : DatasetKind.OTB, null),
      new Maker("davis", List.of(
          integer("frames", "Frames per sequence."), integer("short_side", "Frame short side."),
          integer("objects", "Moving patches per sequence (1-8)."), number("patch", "Patch diameter / frame short side."),
          integer("per_video", "Sequences per video, from consecutive windows."), integer("seed", "Seed of sizes, shapes and paths.")),
          s -> DatasetKind.DAVIS, null),
      new Maker("scenes", List.of(
          integer("clip_frames", "Frames per clip."), integer("short_side", "Frame short side."),
          integer("clips_per_video", "Clips per video at most."),
          number("test_fraction", "Share of each video's clips (its last) in the test split.")),
          s -> DatasetKind.CLASSIFICATION, null));

  @Override
  public void contribute(FormatParts parts) {
    MAKERS.forEach(m -> parts.make(m.name(), m.settings(), m.kind()));
  }

  /** The config of an instance: the generator and its settings. */
  public ObjectNode config(JsonNode dataset) {
    ObjectNode mc = CanonicalJson.JSON.createObjectNode();
    mc.put("make", dataset.get("make").asText());
    JsonNode s = dataset.path("settings");
    mc.set("settings", s.isObject() ? s.deepCopy() : CanonicalJson.JSON.createObjectNode());
    return mc;
  }

  /** Frames per second of a generated frame-folder dataset (its setting, else the generator's default), or null. */
  public Integer fps(JsonNode dataset) {
    for (Maker m : MAKERS) {
      if (m.name().equals(dataset.path("make").asText()) && m.fps() != null) {
        return dataset.path("settings").path("fps").asInt(m.fps());
      }
    }
    return null;
  }

  @Override
  public List<String> arguments(StageInstance i, Map<String, Artifact> inputs, Path work, Path scratch, RunOptions run) {
    JsonNode c = i.config();
    List<String> a = new ArrayList<>(List.of("datasets", "make-" + c.get("make").asText(), "--videos",
        StageArguments.input(i, inputs, "videos").toString(), "--output", work.toString()));
    a.addAll(StageArguments.options(c.path("settings")));
    return a;
  }

  @Override
  public StageResult result(Path artifact) {
    return new StageResult(Map.of(), List.of());
  }

  private static Field integer(String name, String description) {
    return new Field(name, Kind.INTEGER, description, List.of());
  }

  private static Field number(String name, String description) {
    return new Field(name, Kind.NUMBER, description, List.of());
  }
}
