package org.constcl.eval.track;


import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.constcl.eval.benchmark.BenchmarkResults;
import org.constcl.eval.benchmark.TrackingResult;
import org.constcl.eval.run.BackboneSource;
import org.constcl.eval.run.EvalException;
import org.constcl.tfmodel.loop.CheckpointListener;
import org.constcl.tfmodel.loop.DivergedException;
import org.constcl.tfmodel.loop.DivergenceListener;
import org.constcl.tfmodel.loop.MetricsLogListener;
import org.constcl.tfmodel.loop.ProgressListener;
import org.constcl.tfmodel.loop.StepRecord;
import org.constcl.tfmodel.loop.TensorBoardListener;
import org.constcl.tfmodel.loop.TrainingLoop;
import org.constcl.tfmodel.run.CheckpointStore;
import org.constcl.tfmodel.run.RunLayout;
import org.constcl.tfmodel.train.LearningRateSchedule;

/**
 * The tracking benchmark end to end: optionally fine-tune the {@link SiamFcModel} on GOT-10k-format
 * pairs, then run one-pass evaluation (OPE) of the {@link SiamFcTracker} on OTB-format sequences —
 * initialised with the first annotated box, never re-initialised — and score with {@link
 * OtbScoring}. Writes ({@link RunLayout}) {@code settings.json}, {@code metrics.jsonl}, {@code events/}
 * and {@code training_loss.png} (when fine-tuning), the tracker's model in {@code checkpoints/step-N/}
 * (N = fine-tuning steps, 0 without), {@code results/otb/<Seq>.txt} (1-based, OTB's
 * result layout), {@code results/got10k/<Seq>/<Seq>_001.txt} with {@code <Seq>_time.txt} (0-based,
 * the GOT-10k toolkit's layout), {@code success.png}, {@code precision.png} and {@code metrics.json}
 * (with the typed {@link TrackingResult}).
 */
public final class TrackingRun {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * What to run.
   *
   * @param trainSet a GOT-10k split folder to fine-tune on, or null to track with the backbone as it is
   * @param pairsPerEpoch training pairs per epoch (0: one per usable training frame)
   * @param maxGap largest frame distance within a pair (SiamFC: 100)
   * @param sequences an OTB root (or one sequence folder)
   */
  public record Request(Path trainSet, int epochs, int pairsPerEpoch, int maxGap, float learningRate, Path sequences,
      OtbSemantics semantics, SiamFcTracker.Settings tracker, BackboneSource init, SiamFcConfig config, Path output) {}

  private TrackingRun() {}

  /** Training steps of a fine-tuning: epochs × ⌈pairs per epoch / batch⌉. */
  static long steps(int epochs, int pairsPerEpoch, int batch) {
    return (long) epochs * ((pairsPerEpoch + batch - 1) / batch);
  }

  public static TrackingResult run(Request r, PrintStream progress) throws EvalException, IOException {
    if (r.epochs() < 0 || r.pairsPerEpoch() < 0 || r.maxGap() < 1 || !(r.learningRate() >= 0)) {
      throw EvalException.usage("the tracker needs epochs >= 0, pairs per epoch >= 0 (0: one per frame), max gap >= 1 and a"
          + " learning rate >= 0");
    }
    List<TrackingSequence> test = TrackingSequence.otb(r.sequences());
    PairSampler sampler = r.trainSet() == null ? null
        : new PairSampler(TrackingSequence.got10k(r.trainSet()), r.config(), r.maxGap(), r.config().seed());
    Files.createDirectories(r.output());
    SiamFcConfig c = r.config();
    int pairs = sampler == null ? 0 : r.pairsPerEpoch() > 0 ? r.pairsPerEpoch() : sampler.frames();
    long steps = sampler == null ? 0 : steps(r.epochs(), pairs, c.batch());
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("benchmark", "otb");
    settings.putAll(r.init().describe());
    settings.put("tracker", c.describe());
    settings.put("inference", r.tracker().toString());
    settings.put("fine_tuning", sampler == null ? "none" : r.trainSet() + ": " + r.epochs() + " epochs x " + pairs + " pairs, lr "
        + r.learningRate() + ", max gap " + r.maxGap());
    settings.put("steps", steps);
    // 10% linear warmup, then cosine to zero.
    LearningRateSchedule schedule = new LearningRateSchedule(r.learningRate(), steps / 10, Math.max(1, steps));
    settings.put("schedule", schedule.toString());
    settings.put("semantics", r.semantics().id());
    JSON.writeValue(r.output().resolve("settings.json").toFile(), settings);

    RunLayout run = RunLayout.of(r.output());
    try (SiamFcModel model = SiamFcModel.build(c, schedule)) {
      model.initialize();
      r.init().load(model);
      CheckpointStore checkpoints = new CheckpointStore(run, 1);
      String digest = CheckpointStore.configDigest(settings);
      Double finalLoss = null;
      if (sampler != null) {
        finalLoss = fineTune(model, sampler, steps, run, new CheckpointListener(checkpoints, model, 0, digest,
            JSON.valueToTree(settings)), progress);
      } else {
        checkpoints.save(model, 0, 0, digest, JSON.valueToTree(settings)); // the tracker as it ran
      }

      Path otb = Files.createDirectories(r.output().resolve("results/otb"));
      Path got = Files.createDirectories(r.output().resolve("results/got10k"));
      SiamFcTracker tracker = new SiamFcTracker(model, r.tracker());
      long trackedFrames = 0;
      double trackSeconds = 0;
      for (TrackingSequence seq : test) {
        if (!seq.usable(0)) {
          throw EvalException.usage(seq.name() + ": the first frame has no box to start from");
        }
        List<double[]> oneBased = new ArrayList<>();
        StringBuilder times = new StringBuilder();
        List<double[]> zeroBased = new ArrayList<>();
        for (int i = 0; i < seq.frames().size(); i++) {
          Path file = seq.frames().get(i);
          try (Mat frame = org.constcl.eval.data.FrameImage.readBgr(file)) {
            long t0 = System.nanoTime();
            double[] box = i == 0 ? seq.boxes().get(0).clone() : null;
            if (i == 0) {
              tracker.init(frame, box);
            } else {
              box = tracker.update(frame);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (i > 0) {
              trackSeconds += seconds;
              trackedFrames++;
            }
            times.append(String.format(Locale.ROOT, "%.6f%n", seconds));
            zeroBased.add(box);
            oneBased.add(new double[] {box[0] + 1, box[1] + 1, box[2], box[3]});
          }
        }
        BoxFile.write(otb.resolve(seq.name() + ".txt"), oneBased);
        Path dir = Files.createDirectories(got.resolve(seq.name()));
        BoxFile.write(dir.resolve(seq.name() + "_001.txt"), zeroBased);
        Files.writeString(dir.resolve(seq.name() + "_time.txt"), times, StandardCharsets.UTF_8);
        progress.printf(Locale.ROOT, "tracked %s: %d frames%n", seq.name(), seq.frames().size());
      }
      OtbScoring.Result scored = OtbScoring.score(r.sequences(), otb, r.semantics());
      OpePlots.write(r.output(), scored, "SiamFC " + c.backbone() + " (" + (r.init().checkpoint() == null ? "random init" : "pre-trained") + ")");
      double fps = trackSeconds > 0 ? trackedFrames / trackSeconds : Double.NaN;
      ObjectNode metrics = JSON.valueToTree(settings);
      metrics.setAll(scored.json());
      metrics.put("frames_per_second", fps);
      metrics.put("tracked_frames", trackedFrames);
      metrics.put("final_loss", finalLoss); // null without fine-tuning
      TrackingResult typed = new TrackingResult("track", scored.auc(), scored.precisionAt20(), scored.successAt05(), fps, steps,
          finalLoss);
      metrics.set("result", BenchmarkResults.toJson(typed));
      JSON.writeValue(r.output().resolve(BenchmarkResults.FILE).toFile(), metrics);
      return typed;
    }
  }

  private static double fineTune(SiamFcModel model, PairSampler sampler, long steps, RunLayout run,
      CheckpointListener checkpoint, PrintStream progress) throws IOException, EvalException {
    SiamFcConfig c = model.config();
    int b = c.batch();
    byte[] exemplars = new byte[b * c.exemplarSize() * c.exemplarSize() * 3];
    byte[] searches = new byte[b * c.searchSize() * c.searchSize() * 3];
    List<double[]> curve = new ArrayList<>();
    StepRecord last;
    try (MetricsLogListener log = new MetricsLogListener(run, 0);
        TensorBoardListener events = new TensorBoardListener(run)) {
      last = TrainingLoop.run(0, steps, (step, total) -> {
        for (int slot = 0; slot < b; slot++) {
          sampler.pair((step - 1) * b + slot, exemplars, searches, slot);
        }
        SiamFcModel.StepResult s = model.trainStep(exemplars, searches);
        curve.add(new double[] {step, s.loss()});
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("loss", (double) s.loss());
        values.put("learning_rate", (double) s.learningRate());
        return new StepRecord(step, total, s.loss(), s.learningRate(), values, step);
      }, List.of(new DivergenceListener(), log, events, checkpoint, new ProgressListener(progress, false, "track", 0, Map.of())));
    } catch (DivergedException e) {
      throw EvalException.failed(e.getMessage() + "; lower --learning-rate or raise --batch", e);
    }
    if (last == null) {
      return Double.NaN;
    }
    OpePlots.plot(run.root().resolve("training_loss.png"), "SiamFC fine-tuning", "step", "loss (logistic, per score-map cell)",
        curve.stream().mapToDouble(p -> p[0]).toArray(), curve.stream().mapToDouble(p -> p[1]).toArray(),
        String.format(Locale.ROOT, "loss [%.3f]", last.loss()));
    return last.loss();
  }

}
