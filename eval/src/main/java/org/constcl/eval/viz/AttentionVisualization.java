package org.constcl.eval.viz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.constcl.eval.data.ClipGeometry;
import org.constcl.eval.data.ClipRef;
import org.constcl.eval.data.ClipRenderer;
import org.constcl.eval.data.FrameSource;
import org.constcl.eval.data.LabelledClips;
import org.constcl.eval.run.EvalException;
import org.constcl.eval.run.PretrainedCheckpoint;
import org.constcl.tfmodel.model.AttentionMaps;
import org.constcl.tfmodel.model.ConstclModel;
import org.constcl.tfmodel.model.ModelConfig;

/**
 * Seed §4.1: the query box's region feature pooled in view a (the first clip-length window of the
 * record, centre square) and the decoder's attention over view b's context frames (the last window
 * of the record), from a pre-training run; written as a PNG figure and the raw maps as JSON.
 */
public final class AttentionVisualization {
  /** What was written. */
  public record Output(Path figure, Path json, String clipId, AttentionMaps maps) {}

  private AttentionVisualization() {}

  /**
   * @param box the query box in view a as x1, y1, x2, y2 normalised to the view
   * @param clipId a clip id of the dataset, or null for its first record
   */
  public static Output run(Path checkpoint, Path clips, String clipId, float[] box, Path output)
      throws EvalException, IOException {
    if (box.length != 4 || !(0 <= box[0] && box[0] < box[2] && box[2] <= 1 && 0 <= box[1] && box[1] < box[3] && box[3] <= 1)) {
      throw EvalException.usage("--box needs x1,y1,x2,y2 with 0 <= x1 < x2 <= 1 and 0 <= y1 < y2 <= 1");
    }
    PretrainedCheckpoint ckpt = PretrainedCheckpoint.resolve(checkpoint);
    ModelConfig model = ckpt.model();
    LabelledClips dataset = LabelledClips.open(clips);
    List<ClipRef> refs = dataset.clips();
    ClipRef ref = clipId == null ? refs.get(0)
        : refs.stream().filter(r -> r.clipId().equals(clipId)).findFirst()
            .orElseThrow(() -> EvalException.usage("no clip " + clipId + " in " + clips));
    byte[] views;
    ClipGeometry geometry = new ClipGeometry(model.frames(), ckpt.frameStride(), model.size(), model.size(), 2, 1,
        new double[] {1, 1}, new double[] {1, 1});
    try (FrameSource source = new FrameSource(); ClipRenderer renderer = new ClipRenderer(geometry)) {
      views = renderer.renderTest(source.frames(ref), ref.width(), ref.height());
    }
    float[] boxes = new float[model.regions() * 4];
    float[] masks = new float[model.regions()];
    boxes[0] = box[1];
    boxes[1] = box[0];
    boxes[2] = box[3];
    boxes[3] = box[2];
    masks[0] = 1;
    AttentionMaps maps;
    try (ConstclModel m = ConstclModel.build(model)) {
      m.restoreCheckpoint(ckpt.variables());
      maps = m.attention(views, boxes, masks);
    }
    Files.createDirectories(output.toAbsolutePath().getParent());
    AttentionFigure.write(output, views, model.frames(), model.size(), maps, 0, new float[] {box[1], box[0], box[3], box[2]});
    Path json = output.resolveSibling(output.getFileName().toString().replaceFirst("\\.png$", "") + ".json");
    ObjectMapper om = new ObjectMapper();
    ObjectNode o = om.createObjectNode();
    o.put("checkpoint", ckpt.origin());
    o.put("checkpoint_digest", ckpt.digest());
    o.put("clip_id", ref.clipId());
    ArrayNode b = o.putArray("box_x1y1x2y2");
    for (float v : box) {
      b.add(v);
    }
    o.put("context_steps", maps.context());
    o.put("feature_frames", maps.featureFrames());
    o.put("height", maps.height());
    o.put("width", maps.width());
    ArrayNode steps = o.putArray("steps");
    for (int s : maps.steps()) {
      steps.add(s);
    }
    ArrayNode all = o.putArray("maps");
    for (int k = 0; k < maps.maps().length; k++) {
      ArrayNode row = all.addArray();
      for (int i = 0; i < maps.memory(); i++) {
        row.add(maps.maps()[k][i]);
      }
    }
    om.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), o);
    return new Output(output, json, ref.clipId(), maps);
  }
}
