package org.constcl.eval.benchmark;

import static org.constcl.eval.benchmark.SettingSpec.integer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.constcl.eval.data.ClipGeometry;
import org.constcl.eval.retrieve.RetrievalRun;
import org.constcl.eval.run.EvalException;
import org.constcl.eval.run.PretrainedCheckpoint;

/**
 * Nearest-neighbour video retrieval on frozen features ({@link RetrievalRun}), the standard probe
 * of self-supervised video features: test videos query the train videos by cosine similarity of
 * their mean clip feature, recall@1/5/10/20. No training. Clip geometry as the linear protocol's
 * test views (the pre-training's for small models, 32 × 256² for r3d50), 10 clips × 1 centre crop.
 */
public final class RetrievalProtocol extends ProtocolBase {
  private static final List<SettingSpec> SETTINGS = settingSpecs();

  private static List<SettingSpec> settingSpecs() {
    List<SettingSpec> all = new ArrayList<>(List.of(
        integer("frames", "Frames per clip (default: 32 for r3d50, else the pre-training's)."),
        integer("frame_stride", "Stored frames between clip frames (default: 2, or the pre-training's)."),
        integer("size", "View side (default: 256 for r3d50, else the pre-training's)."),
        integer("test_clips", "Temporal clips per video, averaged (default 10)."),
        integer("test_crops", "Spatial crops per clip: 1 (centre) or 3 (default 1)."),
        integer("threads", "TensorFlow threads (0: one per core)."),
        integer("seed", "Seed of a random-init backbone (default 1).")));
    all.addAll(ClipDatasetInput.SETTINGS);
    return List.copyOf(all);
  }

  public RetrievalProtocol() {
    super(ProtocolInfo.builder("retrieval", "Video retrieval: test videos query the train videos by cosine similarity of"
        + " frozen clip features; recall@1/5/10/20 (a query hits when a retrieved video has its label).", RetrievalResult.class)
        .command("retrieve")
        .dataset("--dataset", DatasetKind.CLASSIFICATION, "A labelled clip dataset (train split: the gallery, test split: the"
            + " queries), or a dataset root with --format.")
        .readsClips().usesBeam().build(), SETTINGS);
  }

  @Override
  public ObjectNode plannedSettings(JsonNode given, PretrainingGeometry pretraining, DatasetFacts dataset) {
    ObjectNode s = givenWithSeed(given);
    followPretraining(s, pretraining, "size");
    return s;
  }

  @Override
  public RetrievalResult run(BenchmarkRequest request) throws EvalException, IOException {
    SettingsReader s = read(request);
    ClipDatasetInput.Clips input = ClipDatasetInput.resolve(request, s, request.output().resolve("clips"));
    PretrainedCheckpoint ckpt = request.init().checkpoint();
    boolean reference = request.init().spec().equals("r3d50") || ckpt == null;
    try {
      int frames = s.integer("frames", reference ? 32 : ckpt.model().frames());
      int stride = s.integer("frame_stride", ckpt == null ? 2 : ckpt.frameStride());
      int size = s.integer("size", reference ? 256 : ckpt.model().size());
      ClipGeometry geometry = new ClipGeometry(frames, stride, size, size, s.integer("test_clips", 10),
          s.integer("test_crops", 1), new double[] {1, 1}, new double[] {1, 1});
      return RetrievalRun.run(new RetrievalRun.Request(input.name(), input.folder(), request.init(), geometry,
          s.integer64("seed", 1), s.integer("threads", 0), request.beam().options("constcl-eval-retrieval", true),
          request.output()), request.progress());
    } catch (IllegalArgumentException e) {
      throw EvalException.usage(e.getMessage());
    }
  }
}
