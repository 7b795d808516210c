package org.constcl.eval.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.constcl.eval.data.ClipRef;
import org.constcl.eval.data.LabelledClips;
import org.constcl.eval.dataset.DatasetSplit;
import org.constcl.eval.extract.FeatureExtractionPipeline;
import org.constcl.eval.metrics.ClassificationReport;
import org.constcl.eval.metrics.ConfusionMatrixImage;
import org.constcl.eval.model.ClassifierConfig;
import org.constcl.eval.model.ClassifierModel;
import org.constcl.tfmodel.train.LearningRateSchedule;
import org.constcl.transforms.io.FileTrees;
import org.constcl.transforms.summary.SummaryFiles;

/**
 * Runs a downstream classification protocol end to end: check the labelled clip dataset, build the
 * classifier on the pre-trained (or random-init) backbone, train it on the train split (resuming
 * from the latest epoch checkpoint in the output), export it as a SavedModel, extract multi-view
 * features and logits of the test split on Beam, and write {@code metrics.json} (video-level top-1
 * and top-5, per-class accuracy, settings, checkpoint digest) and {@code confusion.png}.
 */
public final class EvaluationRun {
  /** Version of the evaluator, written into metrics.json. */
  public static final String EVALUATOR_VERSION = "constcl-eval 1";
  static final String STATE = "state.json";
  /** Where {@code --format} datasets are ingested inside an evaluation folder; kept when the rest is cleared. */
  public static final String CLIPS_DIR = "clips";

  private EvaluationRun() {}

  public static ObjectNode run(EvalRequest request) throws EvalException {
    EvalSettings s = request.settings();
    LabelledClips clips;
    try {
      clips = LabelledClips.open(request.clips());
    } catch (IOException e) {
      throw EvalException.usage(e.getMessage());
    }
    List<ClipRef> train = clips.split(DatasetSplit.TRAIN);
    Map<String, List<ClipRef>> test = clips.videos(DatasetSplit.TEST);
    List<String> classes = classes(clips);
    if (train.isEmpty()) {
      throw EvalException.usage("clip dataset " + clips.folder() + " has no records in the train split");
    }
    if (test.isEmpty()) {
      throw EvalException.usage("clip dataset " + clips.folder() + " has an empty test split: nothing to evaluate on");
    }
    for (ClipRef c : clips.clips()) {
      if (c.labelIndex() < 0) {
        throw EvalException.usage("clip " + c.clipId() + " (" + c.split() + ") has no label; classification needs labelled "
            + "train and test videos");
      }
    }
    PretrainedCheckpoint ckpt = request.checkpoint();
    String backbone = ckpt != null ? ckpt.backbone() : request.backbone();
    if (ckpt != null && request.backbone() != null && !request.backbone().equals(ckpt.backbone())) {
      throw EvalException.usage("checkpoint " + ckpt.origin() + " holds a " + ckpt.backbone() + " backbone, the evaluation "
          + "asks for " + request.backbone());
    }
    int totalSteps = s.epochs() * ((train.size() + s.batch() - 1) / s.batch());
    ClassifierConfig config;
    try {
      config = new ClassifierConfig(s.protocol(), backbone, s.geometry().frames(), s.geometry().trainSize(),
          s.geometry().testSize(), classes.size(), s.batch(), s.dropout(), s.weightDecay(), s.momentum(),
          new LearningRateSchedule(s.learningRate(), Math.round(totalSteps * s.warmupFraction()), totalSteps), 0.9f, 1e-5f,
          s.seed(), s.threads());
    } catch (IllegalArgumentException e) {
      throw EvalException.usage(e.getMessage());
    }
    Path out = request.output().toAbsolutePath().normalize();
    ObjectNode identity = identity(request, config, classes);
    long started = System.nanoTime();
    try (ClassifierModel model = ClassifierModel.build(config);
        TrainBatches batches = new TrainBatches(train, s.geometry(), s.batch(), s.seed(), s.loaderThreads())) {
      long startStep = prepare(request, out, identity, model);
      if (startStep == 0) {
        model.initialize();
        if (ckpt != null) {
          try {
            model.loadBackbone(ckpt.read(model.backboneVariables()));
          } catch (IllegalArgumentException e) {
            throw EvalException.usage("checkpoint " + ckpt.origin() + " does not fit a " + backbone + " backbone: "
                + e.getMessage());
          }
        }
      }
      List<String> log = new ArrayList<>();
      ClassifierModel.StepResult last = null;
      int perEpoch = batches.stepsPerEpoch();
      for (long step = startStep; step < totalSteps; step++) {
        TrainBatches.Batch b = batches.get(step);
        last = model.trainStep(b.clips(), b.labels());
        if (!Float.isFinite(last.loss())) {
          throw EvalException.failed("loss became " + last.loss() + " at step " + step + "; lower the learning rate", null);
        }
        log.add(String.format(Locale.ROOT, "{\"step\":%d,\"epoch\":%d,\"learning_rate\":%.6g,\"loss\":%.6g,\"accuracy\":%.4f}",
            step + 1, step / perEpoch + 1, last.learningRate(), last.loss(), last.accuracy()));
        if ((step + 1) % perEpoch == 0 || step + 1 == totalSteps) {
          request.progress().printf(Locale.ROOT, "%s epoch %d/%d  step %d/%d  loss %.4f  batch accuracy %.3f%n",
              s.protocol().id(), (step + 1 + perEpoch - 1) / perEpoch, s.epochs(), step + 1, totalSteps, last.loss(), last.accuracy());
          appendLog(out, log);
          saveCheckpoint(out, model, step + 1, identity);
        }
      }
      Path savedModel = out.resolve("model");
      FileTrees.delete(savedModel);
      model.exportSavedModel(savedModel);
      request.progress().printf("extracting %d x %d views of %d test videos on Beam%n", s.geometry().testClips(),
          s.geometry().testCrops(), test.size());
      FeatureExtractionPipeline.Output features = FeatureExtractionPipeline.run(request.options(),
          FeatureExtractionPipeline.tasks(test), savedModel, s.geometry(), out.resolve("features"), 2);
      ClassificationReport report = score(features, classes);
      if (report.videos() == 0) {
        throw EvalException.failed("no test video could be scored (" + features.rejects().size() + " rejected; see "
            + out.resolve("features/rejects") + ")", null);
      }
      ClassificationReport trainReport = null;
      if (request.scoreTrain()) {
        Map<String, List<ClipRef>> trainVideos = clips.videos(DatasetSplit.TRAIN);
        request.progress().printf("scoring %d train videos the same way%n", trainVideos.size());
        trainReport = score(FeatureExtractionPipeline.run(request.options(), FeatureExtractionPipeline.tasks(trainVideos),
            savedModel, s.geometry(), out.resolve("features-train"), 2), classes);
      }
      ObjectNode metrics = metrics(identity, report, features, test.size(), batches, last, totalSteps,
          (System.nanoTime() - started) / 1e9);
      if (trainReport != null) {
        ObjectNode t = metrics.putObject("train_split");
        t.put("videos", trainReport.videos());
        t.put("top1", trainReport.top1());
        t.put("top5", trainReport.top5());
      }
      Files.writeString(out.resolve("metrics.json"), SummaryFiles.JSON.writeValueAsString(metrics), StandardCharsets.UTF_8);
      ConfusionMatrixImage.write(report, String.format(Locale.ROOT, "%s %s: top-1 %.3f", request.dataset(), s.protocol().id(),
          report.top1()), out.resolve("confusion.png"));
      return metrics;
    } catch (IOException e) {
      throw EvalException.failed("evaluation failed: " + e.getMessage(), e);
    }
  }

  private static ClassificationReport score(FeatureExtractionPipeline.Output features, List<String> classes) {
    ClassificationReport report = new ClassificationReport(classes);
    for (FeatureExtractionPipeline.VideoScore v : features.videos().values()) {
      report.add(v.meanSoftmax(), v.labelIndex());
    }
    return report;
  }

  /** Class names by label index, from the records (an index without records is named class_<i>). */
  static List<String> classes(LabelledClips clips) throws EvalException {
    TreeMap<Integer, String> byIndex = new TreeMap<>();
    for (ClipRef c : clips.clips()) {
      if (c.labelIndex() < 0) {
        continue;
      }
      String prev = byIndex.putIfAbsent(c.labelIndex(), c.label());
      if (prev != null && !prev.equals(c.label())) {
        throw EvalException.usage("clip dataset " + clips.folder() + ": label index " + c.labelIndex() + " names both '"
            + prev + "' and '" + c.label() + "'");
      }
    }
    if (byIndex.isEmpty()) {
      throw EvalException.usage("clip dataset " + clips.folder() + " has no labelled records");
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i <= byIndex.lastKey(); i++) {
      names.add(byIndex.getOrDefault(i, "class_" + i));
    }
    if (names.size() < 2) {
      throw EvalException.usage("clip dataset " + clips.folder() + " has a single class; classification needs two or more");
    }
    return names;
  }

  private static ObjectNode identity(EvalRequest request, ClassifierConfig config, List<String> classes) {
    ObjectNode id = SummaryFiles.JSON.createObjectNode();
    id.put("protocol", request.settings().protocol().id());
    id.put("dataset", request.dataset());
    id.put("clips", request.clips().toAbsolutePath().normalize().toString());
    id.put("backbone", config.backbone());
    id.put("init", request.checkpoint() == null ? "random" : "pretrained");
    id.put("checkpoint", request.checkpoint() == null ? null : request.checkpoint().origin());
    id.put("checkpoint_digest", request.checkpoint() == null ? null : request.checkpoint().digest());
    id.set("settings", SummaryFiles.JSON.valueToTree(request.settings().describe()));
    id.put("classes", classes.size());
    return id;
  }

  /** Prepares the output; returns the step to resume from (0 for a fresh run). */
  private static long prepare(EvalRequest request, Path out, ObjectNode identity, ClassifierModel model)
      throws IOException, EvalException {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw EvalException.usage(out + " exists and is not a folder");
    }
    Files.createDirectories(out);
    Path ckpt = out.resolve("checkpoint");
    Path state = ckpt.resolve(STATE);
    if (Files.isRegularFile(state)) {
      ObjectNode saved = (ObjectNode) SummaryFiles.JSON.readTree(state.toFile());
      // Compare as parsed JSON: a float written and read back is a double node.
      if (saved.path("identity").equals(SummaryFiles.JSON.readTree(SummaryFiles.JSON.writeValueAsString(identity)))) {
        model.restoreCheckpoint(ckpt);
        long step = saved.path("step").asLong();
        request.progress().printf("resuming %s from step %d%n", out, step);
        return step;
      }
      if (!request.force()) {
        throw EvalException.usage(out + " holds an evaluation with other settings or another checkpoint; use another "
            + "--output, or --force to discard it");
      }
    } else if (!isEmpty(out) && !Files.isRegularFile(out.resolve("metrics.json")) && !Files.isDirectory(ckpt) && !request.force()) {
      throw EvalException.usage(out + " is not empty and holds no constcl evaluation; choose another --output");
    }
    clear(out);
    return 0;
  }

  private static void saveCheckpoint(Path out, ClassifierModel model, long step, ObjectNode identity) throws IOException {
    Path tmp = out.resolve(".checkpoint.tmp");
    FileTrees.delete(tmp);
    model.saveCheckpoint(tmp);
    ObjectNode state = SummaryFiles.JSON.createObjectNode();
    state.put("step", step);
    state.set("identity", identity);
    Files.writeString(tmp.resolve(STATE), SummaryFiles.JSON.writeValueAsString(state), StandardCharsets.UTF_8);
    Path target = out.resolve("checkpoint");
    Path old = out.resolve(".checkpoint.old");
    FileTrees.delete(old);
    if (Files.exists(target)) {
      Files.move(target, old, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    FileTrees.delete(old);
  }

  private static void appendLog(Path out, List<String> lines) throws IOException {
    if (lines.isEmpty()) {
      return;
    }
    Files.writeString(out.resolve("train_log.jsonl"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    lines.clear();
  }

  private static ObjectNode metrics(ObjectNode identity, ClassificationReport report, FeatureExtractionPipeline.Output features,
      int testVideos, TrainBatches batches, ClassifierModel.StepResult last, int steps, double seconds) {
    ObjectNode m = SummaryFiles.JSON.createObjectNode();
    m.put("evaluator", EVALUATOR_VERSION);
    m.setAll(identity);
    m.put("split", "test");
    m.put("aggregation", "mean of per-view softmax");
    m.put("test_videos", testVideos);
    m.put("scored_videos", report.videos());
    m.put("rejected_videos", features.rejects().size());
    m.put("top1", report.top1());
    m.put("top5", report.top5());
    m.put("mean_class_accuracy", report.meanClassAccuracy());
    m.put("chance_top1", 1.0 / report.classes().size());
    ObjectNode perClass = m.putObject("per_class_accuracy");
    report.perClassAccuracy().forEach(perClass::put);
    ArrayNode confusion = m.putArray("confusion");
    for (long[] row : report.confusion()) {
      ArrayNode r = confusion.addArray();
      for (long v : row) {
        r.add(v);
      }
    }
    ArrayNode names = m.putArray("class_names");
    report.classes().forEach(names::add);
    ObjectNode training = m.putObject("training");
    training.put("steps", steps);
    if (last != null) {
      training.put("final_loss", last.loss());
      training.put("final_batch_accuracy", last.accuracy());
    }
    ArrayNode skipped = training.putArray("skipped_clips");
    batches.skipped().stream().sorted().forEach(skipped::add);
    m.put("seconds", Math.round(seconds * 10) / 10.0);
    return m;
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.allMatch(p -> p.getFileName().toString().equals(CLIPS_DIR));
    }
  }

  /** Empties an evaluation folder, keeping the clips ingested into it. */
  private static void clear(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        if (!p.getFileName().toString().equals(CLIPS_DIR)) {
          FileTrees.delete(p);
        }
      }
    }
  }


}
