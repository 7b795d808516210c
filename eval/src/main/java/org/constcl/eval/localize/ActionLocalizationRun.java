package org.constcl.eval.localize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.constcl.eval.ava.ApChart;
import org.constcl.eval.ava.AvaEvaluator;
import org.constcl.eval.ava.AvaFormatException;
import org.constcl.eval.ava.AvaProtocol;
import org.constcl.eval.ava.AvaRows;
import org.constcl.eval.ava.LabelMap;
import org.constcl.eval.benchmark.BenchmarkResults;
import org.constcl.eval.benchmark.LocalizationResult;
import org.constcl.eval.run.BackboneSource;
import org.constcl.eval.run.EvalException;
import org.constcl.eval.track.OpePlots;
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

/**
 * The AVA benchmark end to end: fine-tune the {@link ActionDetector} on the training keyframes
 * (every ground-truth person box with its multi-hot actions; a seeded permutation of keyframes per
 * epoch, no augmentation), then score every validation keyframe's person boxes (ground truth, or a
 * person detector's boxes above a threshold), write the detections in AVA's CSV format and score
 * them with {@link AvaEvaluator} (frame mAP@0.5, the chosen protocol). Writes into the output
 * folder ({@link RunLayout}): {@code settings.json}, {@code metrics.jsonl} and {@code events/} (the
 * {@link TrainingLoop}'s log), {@code training_loss.png}, {@code ap_per_class.png}, the fine-tuned
 * model in {@code checkpoints/step-N/}, {@code detections.csv} and {@code metrics.json} (with the
 * typed {@link LocalizationResult}).
 */
public final class ActionLocalizationRun {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * What to run.
   *
   * @param frames the frame folder ({@code <video>/<video>_000001.jpg})
   * @param personBoxes validation person detections, or null for the ground-truth boxes
   * @param excluded excluded timestamps (protocol 2018), or null
   * @param steps training steps, or 0 for {@code epochs} epochs over the keyframes
   */
  public record Request(Path frames, int fps, int firstSecond, Path trainCsv, Path valCsv, Path labelMap, Path excluded,
      Path personBoxes, double boxThreshold, AvaProtocol protocol, BackboneSource init, ActionHeadConfig config,
      int epochs, int steps, float learningRate, Path output) {}

  private ActionLocalizationRun() {}

  /** Builds the config's schedule for {@code steps} steps: 10% linear warmup, cosine to zero. */
  static org.constcl.tfmodel.train.LearningRateSchedule schedule(float learningRate, long steps) {
    return new org.constcl.tfmodel.train.LearningRateSchedule(learningRate, steps / 10, Math.max(1, steps));
  }

  /**
   * Training steps: {@code steps} when positive, otherwise {@code epochs} epochs over {@code
   * keyframes} keyframes in batches of {@code batch} (the last batch of an epoch wraps around).
   */
  static long steps(int keyframes, int batch, int epochs, int steps) {
    return steps > 0 ? steps : (long) epochs * stepsPerEpoch(keyframes, batch);
  }

  static long stepsPerEpoch(int keyframes, int batch) {
    return (keyframes + batch - 1) / batch;
  }

  public static LocalizationResult run(Request r, PrintStream progress) throws EvalException, IOException {
    long started = System.nanoTime();
    if (r.epochs() < 1 || r.steps() < 0 || !(r.learningRate() >= 0) || r.fps() < 1 || r.boxThreshold() < 0) {
      throw EvalException.usage("the AVA benchmark needs epochs >= 1, steps >= 0 (0: from epochs), a learning rate >= 0,"
          + " fps >= 1 and a box threshold >= 0");
    }
    LabelMap labels;
    List<AvaKeyframes.Keyframe> train;
    List<AvaKeyframes.Keyframe> valBoxes;
    AvaRows.GroundTruth valTruth;
    Set<String> excluded = Set.of();
    try {
      labels = LabelMap.read(r.labelMap());
      train = AvaKeyframes.groundTruth(r.trainCsv(), r.protocol());
      valTruth = AvaRows.groundTruth(r.valCsv(), r.protocol());
      valBoxes = r.personBoxes() == null ? AvaKeyframes.groundTruth(r.valCsv(), r.protocol())
          : AvaKeyframes.detections(r.personBoxes(), r.protocol(), r.boxThreshold());
      if (r.excluded() != null) {
        excluded = AvaRows.excluded(r.excluded(), r.protocol());
      }
    } catch (AvaFormatException e) {
      throw EvalException.usage(e.getMessage());
    }
    List<Integer> classIds = new ArrayList<>(labels.names().keySet());
    if (classIds.size() != r.config().classes()) {
      throw EvalException.usage("the label map " + r.labelMap() + " has " + classIds.size() + " classes, the head "
          + r.config().classes());
    }
    List<AvaKeyframes.Keyframe> trainable = train.stream()
        .filter(k -> k.boxes().stream().anyMatch(b -> b.actions().stream().anyMatch(classIds::contains))).toList();
    if (trainable.isEmpty()) {
      throw EvalException.usage(r.trainCsv() + ": no keyframe has a box with an action of the label map");
    }
    Files.createDirectories(r.output());
    Set<String> fromZero = AvaFrameStore.storedFromZero(r.firstSecond(), train, valBoxes);
    AvaFrameStore store = new AvaFrameStore(r.frames(), r.fps(), r.firstSecond(), fromZero);
    ActionHeadConfig c = r.config();
    long steps = steps(trainable.size(), c.batch(), r.epochs(), r.steps());
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("benchmark", "ava");
    settings.putAll(r.init().describe());
    settings.put("head", c.describe());
    settings.put("epochs", r.steps() > 0 ? (double) steps / stepsPerEpoch(trainable.size(), c.batch()) : r.epochs());
    settings.put("learning_rate", r.learningRate());
    org.constcl.tfmodel.train.LearningRateSchedule schedule = schedule(r.learningRate(), steps);
    settings.put("schedule", schedule.toString());
    settings.put("steps", steps);
    settings.put("protocol", r.protocol().id());
    settings.put("videos_from_second_0", fromZero.size());
    settings.put("person_boxes", r.personBoxes() == null ? "ground truth" : r.personBoxes() + " (score >= " + r.boxThreshold() + ")");
    JSON.writeValue(r.output().resolve("settings.json").toFile(), settings);

    int[] truncated = {0};
    List<double[]> curve = new ArrayList<>();
    RunLayout run = RunLayout.of(r.output());
    long stepsPerEpoch = stepsPerEpoch(trainable.size(), c.batch());
    try (ActionDetector model = ActionDetector.build(c, schedule);
        MetricsLogListener log = new MetricsLogListener(run, 0);
        TensorBoardListener events = new TensorBoardListener(run)) {
      model.initialize();
      r.init().load(model);
      int clipBytes = c.frames() * c.size() * c.size() * 3;
      int boxes = c.maxBoxes();
      int k = c.classes();
      byte[] clips = new byte[c.batch() * clipBytes];
      Map<Integer, int[]> orders = new HashMap<>();
      StepRecord last;
      try {
        last = TrainingLoop.run(0, steps, (step, total) -> {
          int epoch = (int) ((step - 1) / stepsPerEpoch);
          int start = (int) ((step - 1) % stepsPerEpoch) * c.batch();
          orders.keySet().removeIf(e -> e < epoch); // one permutation held at a time, whatever the step count
          int[] order = orders.computeIfAbsent(epoch, e -> org.constcl.tfmodel.data.SampleOrder.permutation(trainable.size(),
              new SplittableRandom(c.seed() * 1_000_003L + e)));
          float[] bx = new float[c.batch() * boxes * 4];
          float[] masks = new float[c.batch() * boxes];
          float[] targets = new float[c.batch() * boxes * k];
          for (int slot = 0; slot < c.batch(); slot++) {
            AvaKeyframes.Keyframe kf = trainable.get(order[(start + slot) % order.length]); // the last batch wraps
            store.clip(kf.video(), kf.second(), c.frames(), c.stride(), c.size(), clips, slot * clipBytes);
            List<AvaKeyframes.PersonBox> people = kf.boxes();
            truncated[0] += Math.max(0, people.size() - boxes);
            for (int b = 0; b < boxes; b++) {
              AvaKeyframes.PersonBox p = people.get(Math.min(b, people.size() - 1));
              put(bx, (slot * boxes + b) * 4, p);
              if (b < people.size()) {
                masks[slot * boxes + b] = 1;
                for (int action : p.actions()) {
                  int index = classIds.indexOf(action);
                  if (index >= 0) {
                    targets[(slot * boxes + b) * k + index] = 1;
                  }
                }
              }
            }
          }
          ActionDetector.StepResult s = model.trainStep(clips, bx, masks, targets);
          curve.add(new double[] {step, s.loss()});
          Map<String, Double> values = new LinkedHashMap<>();
          values.put("loss", (double) s.loss());
          values.put("learning_rate", (double) s.learningRate());
          return new StepRecord(step, total, s.loss(), s.learningRate(), values, step);
        }, List.of(new DivergenceListener(), log, events,
            new CheckpointListener(new CheckpointStore(run, 1), model, 0, CheckpointStore.configDigest(settings), JSON.valueToTree(settings)),
            new ProgressListener(progress, false, "ava", 0, Map.of())));
      } catch (DivergedException e) {
        throw EvalException.failed(e.getMessage() + "; lower --learning-rate or raise --batch", e);
      }
      double finalLoss = last.loss();
      if (truncated[0] > 0) {
        progress.printf("ava: %d training boxes beyond --max-boxes %d per keyframe were left out%n", truncated[0], boxes);
      }

      List<AvaRows.Box> detections = new ArrayList<>();
      StringBuilder csv = new StringBuilder();
      byte[] clip = new byte[clipBytes];
      int scored = 0;
      for (AvaKeyframes.Keyframe kf : valBoxes) {
        if (kf.boxes().isEmpty()) {
          continue;
        }
        store.clip(kf.video(), kf.second(), c.frames(), c.stride(), c.size(), clip, 0);
        for (int from = 0; from < kf.boxes().size(); from += boxes) {
          List<AvaKeyframes.PersonBox> chunk = kf.boxes().subList(from, Math.min(kf.boxes().size(), from + boxes));
          float[] bx = new float[boxes * 4];
          for (int b = 0; b < boxes; b++) {
            put(bx, b * 4, chunk.get(Math.min(b, chunk.size() - 1)));
          }
          float[] scores = model.scores(clip, bx);
          for (int b = 0; b < chunk.size(); b++) {
            AvaKeyframes.PersonBox p = chunk.get(b);
            for (int j = 0; j < k; j++) {
              double score = scores[b * k + j];
              detections.add(new AvaRows.Box(kf.key(), p.y1(), p.x1(), p.y2(), p.x2(), classIds.get(j), score));
              csv.append(kf.video()).append(',').append(kf.timestamp()).append(',').append(p.columns()).append(',')
                  .append(classIds.get(j)).append(',').append(String.format(Locale.ROOT, "%.6f", score)).append('\n');
            }
          }
        }
        scored++;
      }
      Files.writeString(r.output().resolve("detections.csv"), csv, StandardCharsets.UTF_8);
      AvaEvaluator.Result result = AvaEvaluator.evaluate(labels, valTruth, detections, excluded, r.protocol());
      Map<String, Double> ap = new LinkedHashMap<>();
      Map<String, Object> apJson = new LinkedHashMap<>();
      for (Map.Entry<Integer, Double> e : result.ap().entrySet()) {
        String name = labels.names().get(e.getKey());
        ap.put(name, e.getValue());
        apJson.put(name, e.getValue().isNaN() ? null : e.getValue());
      }
      ApChart.write(ap, result.meanAp(), "AVA " + c.backbone() + " (" + (r.init().checkpoint() == null ? "random init"
          : "pre-trained") + ")", r.output().resolve("ap_per_class.png"));
      if (!curve.isEmpty()) {
        OpePlots.plot(r.output().resolve("training_loss.png"), "AVA fine-tuning", "step", "loss (sigmoid cross-entropy)",
            curve.stream().mapToDouble(p -> p[0]).toArray(), curve.stream().mapToDouble(p -> p[1]).toArray(),
            String.format(Locale.ROOT, "loss [%.3f]", finalLoss));
      }
      Map<String, Object> metrics = new LinkedHashMap<>(settings);
      metrics.put("mAP", result.meanAp());
      metrics.put("ap", apJson);
      metrics.put("train_keyframes", trainable.size());
      metrics.put("val_keyframes_scored", scored);
      metrics.put("frames_evaluated", result.frames());
      metrics.put("detections", result.detections());
      metrics.put("ignored_detections", result.ignored());
      metrics.put("final_loss", finalLoss);
      metrics.put("truncated_training_boxes", truncated[0]);
      metrics.put("seconds", (System.nanoTime() - started) / 1e9);
      LocalizationResult typed = new LocalizationResult("ava", result.meanAp(), steps, finalLoss);
      metrics.put("result", BenchmarkResults.toJson(typed));
      JSON.writeValue(r.output().resolve(BenchmarkResults.FILE).toFile(), metrics);
      return typed;
    }
  }

  /** y1, x1, y2, x2: the order ROIAlign takes. */
  private static void put(float[] out, int at, AvaKeyframes.PersonBox p) {
    out[at] = (float) p.y1();
    out[at + 1] = (float) p.x1();
    out[at + 2] = (float) p.y2();
    out[at + 3] = (float) p.x2();
  }
}
