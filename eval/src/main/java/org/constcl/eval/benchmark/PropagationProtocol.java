package org.constcl.eval.benchmark;

import static org.constcl.eval.benchmark.SettingSpec.choice;
import static org.constcl.eval.benchmark.SettingSpec.integer;
import static org.constcl.eval.benchmark.SettingSpec.number;
import static org.constcl.eval.benchmark.SettingSpec.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.constcl.eval.propagate.DavisSet;
import org.constcl.eval.propagate.FrameFeatures;
import org.constcl.eval.propagate.LabelPropagation;
import org.constcl.eval.propagate.PropagationRun;
import org.constcl.eval.run.EvalException;

/**
 * Video object segmentation by label propagation on frozen features ({@link PropagationRun}), the
 * DAVIS-2017 semi-supervised protocol as self-supervised video work uses it: no training, the
 * first frame's masks carried through the sequence by feature affinity, J&amp;F. Defaults are
 * CRW's (top-10, temperature 0.05, radius 12 cells, 20 context frames) on res4 at stride 8; each
 * frame is the centre of a clip with the pre-training's frames and stride.
 */
public final class PropagationProtocol extends ProtocolBase {
  private static final List<SettingSpec> SETTINGS = List.of(
      choice("layer", "Backbone endpoint whose features propagate (default res4).", FrameFeatures.LAYERS.toArray(String[]::new)),
      integer("size", "Short side of the frames the backbone sees, rounded to a multiple of 8 (default 240)."),
      integer("frames", "Frames per clip around each frame (default: the pre-training's, else 8)."),
      integer("frame_stride", "Frames between clip frames (default: the pre-training's, else 2)."),
      integer("topk", "Neighbours each location takes its label from (default 10)."),
      number("temperature", "Softmax temperature over neighbour similarities (default 0.05)."),
      number("radius", "Largest neighbour distance in feature cells (default 12)."),
      integer("context", "Previous frames besides the first that labels come from (default 20)."),
      integer("max_frames", "Frames per sequence at most (default 0: all)."),
      integer("batch", "Clips per backbone call (default 4)."),
      string("resolution", "Resolution folder under JPEGImages/ and Annotations/ (default 480p)."),
      string("split", "Sequence list ImageSets/2017/<split>.txt (default val)."),
      integer("threads", "TensorFlow threads (0: one per core)."),
      integer("seed", "Seed of a random-init backbone (default 1)."));

  public PropagationProtocol() {
    super(ProtocolInfo.builder("propagation", "Label propagation (DAVIS-2017 semi-supervised protocol) on frozen features:"
        + " the first frame's masks carried by top-k feature affinity over a window of recent frames, scored by J&F.",
        PropagationResult.class)
        .command("propagate")
        .dataset("--davis", DatasetKind.DAVIS, "DAVIS-2017 folder: JPEGImages/480p/<seq>/, Annotations/480p/<seq>/ palette PNGs,"
            + " ImageSets/2017/val.txt.")
        .format("davis", DatasetKind.DAVIS).build(), SETTINGS);
  }

  @Override
  public ObjectNode plannedSettings(JsonNode given, PretrainingGeometry pretraining, DatasetFacts dataset) {
    ObjectNode s = givenWithSeed(given);
    followPretraining(s, pretraining);
    return s;
  }

  @Override
  public PropagationResult run(BenchmarkRequest request) throws EvalException, IOException {
    SettingsReader s = read(request);
    var ckpt = request.init().checkpoint();
    try {
      LabelPropagation.Settings crw = LabelPropagation.Settings.crw();
      LabelPropagation.Settings propagation = new LabelPropagation.Settings(s.integer("topk", crw.topK()),
          s.number("temperature", crw.temperature()), s.number("radius", crw.radius()), s.integer("context", crw.context()));
      int frames = s.integer("frames", ckpt == null ? 8 : ckpt.model().frames());
      int stride = s.integer("frame_stride", ckpt == null ? 2 : ckpt.frameStride());
      return PropagationRun.run(new PropagationRun.Request(request.input("dataset"), s.string("resolution", DavisSet.RESOLUTION),
          s.string("split", DavisSet.SPLIT), request.init(), s.string("layer", "res4"), s.integer("size", 240), frames, stride,
          propagation, s.integer("max_frames", 0), s.integer("batch", 4), s.integer64("seed", 1), s.integer("threads", 0),
          request.output()), request.progress());
    } catch (IllegalArgumentException e) {
      throw EvalException.usage(e.getMessage());
    }
  }
}
