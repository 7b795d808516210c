package org.constcl.eval.benchmark;

import static org.constcl.eval.benchmark.SettingSpec.bool;
import static org.constcl.eval.benchmark.SettingSpec.integer;
import static org.constcl.eval.benchmark.SettingSpec.number;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptions;
import org.constcl.eval.data.ClipGeometry;
import org.constcl.eval.model.Protocol;
import org.constcl.eval.run.EvalException;
import org.constcl.eval.run.EvalRequest;
import org.constcl.eval.run.EvalSettings;
import org.constcl.eval.run.EvaluationRun;
import org.constcl.eval.run.PretrainedCheckpoint;

/**
 * Action recognition, linear ({@link #LINEAR}) or fine-tuned ({@link #FINETUNE}): a classifier on
 * the backbone trained on the train split of a labelled clip dataset, video-level accuracy on the
 * test split from multi-view features extracted on Beam ({@link EvaluationRun}). Defaults are the
 * seed's ({@link EvalSettings}); the clip geometry is the reference's (32 × 224², tested at 256)
 * for r3d50 and the pre-training's for small models.
 */
public final class ClassificationProtocol extends ProtocolBase {
  private static final List<SettingSpec> SETTINGS = settingSpecs();

  private static List<SettingSpec> settingSpecs() {
    List<SettingSpec> all = new java.util.ArrayList<>(List.of(
        integer("epochs", "Training epochs (default: the protocol's, 50)."),
        integer("batch", "Clips per step (default 128)."),
        number("learning_rate", "Peak learning rate (default: the protocol's)."),
        number("weight_decay", "Weight decay (default: the protocol's)."),
        number("dropout", "Dropout before the classifier (default: the protocol's)."),
        integer("frames", "Frames per clip (default: 32 for r3d50, else the pre-training's)."),
        integer("frame_stride", "Stored frames between clip frames (default: 2, or the pre-training's)."),
        integer("train_size", "Training crop size (default: 224 for r3d50, else the pre-training's)."),
        integer("test_size", "Test view size (default: 256 for r3d50, else the pre-training's)."),
        integer("test_clips", "Temporal clips per test video (default 10)."),
        integer("test_crops", "Spatial crops per clip: 3 or 1 (default 3)."),
        number("crop_area", "Smallest area of the training random resized crop (default 0.3)."),
        integer("loader_threads", "Threads making training clips (default 2)."),
        integer("seed", "Seed (default 1)."),
        bool("score_train", "Also score the train split's videos.").commandLineOnly(),
        bool("force", "Discard an evaluation in the output made with other settings.").commandLineOnly()));
    all.addAll(all.size() - 2, ClipDatasetInput.SETTINGS);
    return List.copyOf(all);
  }

  public static final ClassificationProtocol LINEAR = new ClassificationProtocol(Protocol.LINEAR,
      "Linear evaluation: a linear classifier on the frozen, L2-normalised pooled backbone feature.");
  public static final ClassificationProtocol FINETUNE = new ClassificationProtocol(Protocol.FINETUNE,
      "Fine-tuning: every layer from the pre-trained backbone, dropout and weight decay.");

  private final Protocol protocol;

  private ClassificationProtocol(Protocol protocol, String description) {
    super(ProtocolInfo.builder(protocol.id(), description, ClassificationResult.class)
        .dataset("--dataset", DatasetKind.CLASSIFICATION, "A labelled clip dataset (constcl ingest with label and split), or a"
            + " dataset root with --format.")
        .readsClips().usesBeam().resumable().build(), SETTINGS);
    this.protocol = protocol;
  }

  @Override
  public ObjectNode plannedSettings(JsonNode given, PretrainingGeometry pretraining, DatasetFacts dataset) {
    ObjectNode s = givenWithSeed(given);
    followPretraining(s, pretraining, "train_size", "test_size");
    return s;
  }

  @Override
  public ClassificationResult run(BenchmarkRequest request) throws EvalException, IOException {
    SettingsReader s = read(request);
    PretrainedCheckpoint ckpt = request.init().checkpoint();
    String spec = request.init().spec();
    PipelineOptions options = request.beam().options("constcl-eval-" + id(), true);
    Path output = request.output();
    ClipDatasetInput.Clips input = ClipDatasetInput.resolve(request, s, output.resolve(EvaluationRun.CLIPS_DIR));
    String format = input.format();
    String name = input.name();
    Path clips = input.folder();
    boolean reference = spec.equals("r3d50");
    Integer frames = s.integer("frames");
    Integer stride = s.integer("frame_stride");
    Integer trainSize = s.integer("train_size");
    Integer testSize = s.integer("test_size");
    int f = frames != null ? frames : reference || ckpt == null ? 32 : ckpt.model().frames();
    int st = stride != null ? stride : ckpt == null ? 2 : ckpt.frameStride();
    int tr = trainSize != null ? trainSize : reference || ckpt == null ? 224 : ckpt.model().size();
    int te = testSize != null ? testSize : reference || ckpt == null ? 256 : ckpt.model().size();
    EvalSettings settings;
    try {
      ClipGeometry geometry = new ClipGeometry(f, st, tr, te, s.integer("test_clips", 10), s.integer("test_crops", 3),
          new double[] {s.number("crop_area", 0.3), 1.0}, new double[] {0.5, 2.0});
      settings = EvalSettings.defaults(protocol, format == null ? name : format, geometry)
          .withSeed(s.integer64("seed", 1)).withThreads(s.integer("loader_threads", 2), 0);
      if (s.has("epochs")) settings = settings.withEpochs(s.integer("epochs", 0));
      if (s.has("batch")) settings = settings.withBatch(s.integer("batch", 0));
      if (s.has("learning_rate")) settings = settings.withLearningRate(s.number32("learning_rate"));
      if (s.has("weight_decay")) settings = settings.withWeightDecay(s.number32("weight_decay"));
      if (s.has("dropout")) settings = settings.withDropout(s.number32("dropout"));
    } catch (IllegalArgumentException e) {
      throw EvalException.usage(e.getMessage());
    }
    return EvaluationRun.run(new EvalRequest(name, clips, request.init(), settings, output, s.bool("force"), options,
        request.progress(), s.bool("score_train")));
  }
}
