package org.constcl.eval.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.constcl.eval.benchmark.BenchmarkResults;
import org.constcl.eval.benchmark.ClassificationResult;
import org.constcl.eval.data.ClipRef;
import org.constcl.eval.data.LabelledClips;
import org.constcl.eval.dataset.DatasetSplit;
import org.constcl.eval.extract.FeatureExtractionPipeline;
import org.constcl.eval.metrics.ClassificationReport;
import org.constcl.eval.metrics.ConfusionMatrixImage;
import org.constcl.eval.model.ClassifierConfig;
import org.constcl.eval.model.ClassifierModel;
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
import org.constcl.transforms.io.FileTrees;
import org.constcl.transforms.summary.SummaryFiles;

/**
 * Runs a downstream classification protocol end to end: check the labelled clip dataset, build the
 * classifier on the pre-trained (or random-init) backbone, train it on the train split (resuming
 * from the latest epoch checkpoint in the output) with the {@link TrainingLoop}, export it as a
 * SavedModel, extract multi-view features and logits of the test split on Beam, and write {@code
 * metrics.json} (video-level top-1 and top-5, per-class accuracy, settings, checkpoint digest, the
 * typed {@link ClassificationResult}) and {@code confusion.png}. The folder is a {@link RunLayout}.
 */
public final class EvaluationRun {
  /** Version of the evaluator, written into metrics.json. */
  public static final String EVALUATOR_VERSION = "constcl-eval 1";
  /** Where {@code --format} datasets are ingested inside an evaluation folder; kept when the rest is cleared. */
  public static final String CLIPS_DIR = "clips";

  private EvaluationRun() {}

  public static ClassificationResult run(EvalRequest request) throws EvalException {
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
    String backbone = request.init().spec();
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
    RunLayout run = RunLayout.of(request.output());
    Path out = run.root();
    ObjectNode identity = identity(request, config, classes);
    String identityDigest;
    try {
      identityDigest = CheckpointStore.configDigest(identity);
    } catch (IOException e) {
      throw EvalException.failed("cannot digest the evaluation settings: " + e.getMessage(), e);
    }
    long started = System.nanoTime();
    try (ClassifierModel model = ClassifierModel.build(config);
        TrainBatches batches = new TrainBatches(train, s.geometry(), s.batch(), s.seed(), s.loaderThreads())) {
      CheckpointStore checkpoints = new CheckpointStore(run, 1);
      long startStep = prepare(request, run, checkpoints, identityDigest, model);
      if (startStep == 0) {
        model.initialize();
        request.init().load(model);
      }
      StepRecord last;
      try (MetricsLogListener log = new MetricsLogListener(run, startStep);
          TensorBoardListener events = new TensorBoardListener(run)) {
        int perEpoch = batches.stepsPerEpoch();
        last = TrainingLoop.run(startStep, totalSteps, (step, total) -> {
          TrainBatches.Batch b = batches.get(step - 1);
          ClassifierModel.StepResult r = model.trainStep(b.clips(), b.labels());
          Map<String, Double> values = new LinkedHashMap<>();
          values.put("loss", (double) r.loss());
          values.put("learning_rate", (double) r.learningRate());
          values.put("accuracy", (double) r.accuracy());
          values.put("epoch", (double) ((step - 1) / perEpoch + 1));
          return new StepRecord(step, total, r.loss(), r.learningRate(), values, step);
        }, List.of(new DivergenceListener(), log, events,
            new CheckpointListener(checkpoints, model, perEpoch, identityDigest, identity),
            new ProgressListener(request.progress(), false, s.protocol().id(), startStep, Map.of("batch accuracy", "accuracy"))));
      } catch (DivergedException e) {
        throw EvalException.failed(e.getMessage() + "; lower the learning rate", e);
      }
      Path savedModel = run.savedModel();
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
      ClassificationResult result = new ClassificationResult(s.protocol().id(), request.dataset(), report.top1(), report.top5(),
          report.meanClassAccuracy(), 1.0 / report.classes().size(), report.videos(), features.rejects().size(),
          last != null ? last.loss() : finalLoss(run));
      ObjectNode metrics = metrics(identity, report, features, test.size(), batches, last, totalSteps,
          (System.nanoTime() - started) / 1e9);
      if (trainReport != null) {
        ObjectNode t = metrics.putObject("train_split");
        t.put("videos", trainReport.videos());
        t.put("top1", trainReport.top1());
        t.put("top5", trainReport.top5());
      }
      metrics.set("result", BenchmarkResults.toJson(result));
      Files.writeString(out.resolve(BenchmarkResults.FILE), SummaryFiles.JSON.writeValueAsString(metrics), StandardCharsets.UTF_8);
      ConfusionMatrixImage.write(report, String.format(Locale.ROOT, "%s %s: top-1 %.3f", request.dataset(), s.protocol().id(),
          report.top1()), out.resolve("confusion.png"));
      return result;
    } catch (IOException e) {
      throw EvalException.failed("evaluation failed: " + e.getMessage(), e);
    }
  }

  /** The last logged loss of a run resumed after its last step (nothing trained in this process). */
  private static double finalLoss(RunLayout run) throws IOException {
    List<String> lines = Files.readAllLines(run.metrics(), StandardCharsets.UTF_8);
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (!lines.get(i).isBlank()) {
        return SummaryFiles.JSON.readTree(lines.get(i)).path("loss").asDouble(Double.NaN);
      }
    }
    return Double.NaN;
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
    PretrainedCheckpoint ckpt = request.init().checkpoint();
    id.put("init", ckpt == null ? "random" : "pretrained");
    id.put("checkpoint", ckpt == null ? null : ckpt.origin());
    id.put("checkpoint_digest", ckpt == null ? null : ckpt.digest());
    id.set("settings", SummaryFiles.JSON.valueToTree(request.settings().describe()));
    id.put("classes", classes.size());
    return id;
  }

  /** Prepares the output; returns the step to resume from (0 for a fresh run). */
  private static long prepare(EvalRequest request, RunLayout run, CheckpointStore checkpoints, String identityDigest,
      ClassifierModel model) throws IOException, EvalException {
    Path out = run.root();
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw EvalException.usage(out + " exists and is not a folder");
    }
    Files.createDirectories(out);
    Optional<CheckpointStore.State> latest = checkpoints.latest();
    if (latest.isPresent()) {
      if (latest.get().configDigest().equals(identityDigest)) {
        model.restoreCheckpoint(latest.get().folder());
        request.progress().printf("resuming %s from step %d%n", out, latest.get().step());
        return latest.get().step();
      }
      if (!request.force()) {
        throw EvalException.usage(out + " holds an evaluation with other settings or another checkpoint; use another "
            + "--output, or --force to discard it");
      }
    } else if (!isEmpty(out) && !Files.isRegularFile(out.resolve(BenchmarkResults.FILE)) && !run.looksLikeRun()
        && !request.force()) {
      throw EvalException.usage(out + " is not empty and holds no constcl evaluation; choose another --output");
    }
    clear(out);
    return 0;
  }

  private static ObjectNode metrics(ObjectNode identity, ClassificationReport report, FeatureExtractionPipeline.Output features,
      int testVideos, TrainBatches batches, StepRecord last, int steps, double seconds) {
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
      training.put("final_loss", (float) last.loss());
      training.put("final_batch_accuracy", last.scalars().get("accuracy").floatValue());
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
