package org.constcl.eval.benchmark;

import static org.constcl.eval.benchmark.SettingSpec.bool;
import static org.constcl.eval.benchmark.SettingSpec.choice;
import static org.constcl.eval.benchmark.SettingSpec.integer;
import static org.constcl.eval.benchmark.SettingSpec.number;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.constcl.eval.run.EvalException;
import org.constcl.eval.track.OtbSemantics;
import org.constcl.eval.track.SiamFcConfig;
import org.constcl.eval.track.SiamFcTracker;
import org.constcl.eval.track.TrackingRun;

/**
 * Single-object tracking ({@link TrackingRun}): a SiamFC tracker on the backbone (res4/res5 first
 * block at stride 1, dilation 2/4), optionally fine-tuned on a GOT-10k split (the {@code train}
 * input), one-pass evaluation on OTB-format sequences (the {@code dataset} input). SiamFC's
 * defaults: 127/255 px crops, batch 256, learning rate 0.1 with cosine decay, weight decay 1e-4,
 * 20 epochs, pairs at most 100 frames apart.
 */
public final class TrackingProtocol extends ProtocolBase {
  private static final List<SettingSpec> SETTINGS = List.of(
      integer("epochs", "Fine-tuning epochs (default 20)."),
      integer("batch", "Pairs per step (default 256)."),
      number("learning_rate", "Peak learning rate, cosine decay (default 0.1)."),
      number("weight_decay", "Weight decay (default 1e-4)."),
      integer("exemplar_size", "Exemplar crop (default 127)."),
      integer("search_size", "Search crop (default 255)."),
      integer("pairs_per_epoch", "Training pairs per epoch (default 0: one per usable training frame)."),
      integer("max_gap", "Largest frame gap in a pair (default 100)."),
      choice("semantics", "How invalid ground truth and predictions are scored (default otb).", "otb", "got10k", "pysot"),
      bool("zero_shot", "Track with the backbone as it is: no fine-tuning, and an error if a training set is given."),
      integer("clip_frames", "Feed each crop as a static clip of this many copies and read its centre time step (default 1:"
          + " a one-frame clip)."),
      integer("threads", "TensorFlow threads (0: one per core)."),
      integer("seed", "Seed (default 1)."));

  public TrackingProtocol() {
    super(ProtocolInfo.builder("track", "Tracking: SiamFC on the backbone (res4/res5 first block at stride 1, dilation 2/4),"
        + " optionally fine-tuned on GOT-10k pairs, one-pass evaluation on OTB sequences; results in the OTB and GOT-10k"
        + " layouts, success/precision plots and metrics.json.", TrackingResult.class)
        .dataset("--sequences", DatasetKind.OTB, "OTB root (<Seq>/img/0001.jpg, <Seq>/groundtruth_rect.txt) or one sequence"
            + " folder.")
        .train("--train", DatasetKind.GOT10K, "GOT-10k split folder to fine-tune on (list.txt, <seq>/00000001.jpg,"
            + " groundtruth.txt), or a root holding it as train/. Without it the backbone tracks as it is.")
        .format("otb", DatasetKind.OTB).format("got10k", DatasetKind.GOT10K).build(), SETTINGS);
  }

  @Override
  public ObjectNode plannedSettings(JsonNode given, PretrainingGeometry pretraining, DatasetFacts dataset) {
    return givenWithSeed(given);
  }

  @Override
  public TrackingResult run(BenchmarkRequest request) throws EvalException, IOException {
    SettingsReader s = read(request);
    try {
      OtbSemantics semantics = OtbSemantics.of(s.string("semantics", "otb"));
      if (s.bool("zero_shot") && request.inputs().containsKey("train")) {
        throw EvalException.usage("zero_shot tracks with the backbone as it is; drop the training set ("
            + request.inputs().get("train") + ") or zero_shot");
      }
      SiamFcConfig config = new SiamFcConfig(request.init().spec(), s.integer("exemplar_size", 127),
          s.integer("search_size", 255), s.integer("batch", 256), s.number32("weight_decay", 1e-4f), 0.9f,
          s.integer64("seed", 1), s.integer("threads", 0), s.integer("clip_frames", 1));
      return TrackingRun.run(new TrackingRun.Request(request.inputs().get("train"), s.integer("epochs", 20),
          s.integer("pairs_per_epoch", 0), s.integer("max_gap", 100), s.number32("learning_rate", 0.1f),
          request.input("dataset"), semantics, SiamFcTracker.Settings.siamFc(), request.init(), config, request.output()),
          request.progress());
    } catch (IllegalArgumentException e) {
      throw EvalException.usage(e.getMessage());
    }
  }
}
