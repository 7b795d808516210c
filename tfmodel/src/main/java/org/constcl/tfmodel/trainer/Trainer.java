package org.constcl.tfmodel.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.constcl.tfmodel.data.BatchLoader;
import org.constcl.tfmodel.data.ClipIndex;
import org.constcl.tfmodel.data.LoadedBatch;
import org.constcl.tfmodel.data.ValidationBatches;
import org.constcl.tfmodel.data.VideoSplit;
import org.constcl.tfmodel.loop.CheckpointListener;
import org.constcl.tfmodel.loop.DivergedException;
import org.constcl.tfmodel.loop.DivergenceListener;
import org.constcl.tfmodel.loop.MetricsLogListener;
import org.constcl.tfmodel.loop.ProgressListener;
import org.constcl.tfmodel.loop.StepRecord;
import org.constcl.tfmodel.loop.TensorBoardListener;
import org.constcl.tfmodel.loop.TrainingLoop;
import org.constcl.tfmodel.model.ConstclModel;
import org.constcl.tfmodel.model.StepMetrics;
import org.constcl.tfmodel.model.TensorFlowPreload;
import org.constcl.tfmodel.model.TrainingBatch;
import org.constcl.tfmodel.model.ValidationMetrics;
import org.constcl.tfmodel.run.CheckpointStore;
import org.constcl.tfmodel.run.RunLayout;
import org.constcl.transforms.io.FileTrees;
import org.constcl.transforms.summary.SummaryFiles;

/**
 * The pre-training stage: index the data, build or restore the model, run the {@link
 * TrainingLoop} over batches from the loader, and finally export a SavedModel and write {@code
 * _SUMMARY.json} ({@link RunLayout}). A run whose output holds checkpoints resumes from the latest
 * one (same config required, unless {@code force} starts over); data and weights continue exactly
 * where the checkpoint left them.
 */
public final class Trainer {
  private Trainer() {}

  /**
   * Trains as {@code request} says.
   *
   * @return the run's summary
   * @throws TrainException with a one-line message: {@link TrainException#usage()} when nothing
   *     ran (bad data, config or output folder), otherwise a failure (divergence, unreadable data)
   */
  public static JsonNode run(TrainRequest request) throws TrainException {
    TensorFlowPreload.start();
    TrainConfig config = request.config();
    RunLayout run = RunLayout.of(request.output());
    if (config.data().regionBoxes() && request.boxes() == null) {
      throw TrainException.usage("data.region_source is boxes but no --boxes dataset was given");
    }
    if (!config.data().regionBoxes() && request.boxes() != null) {
      throw TrainException.usage("--boxes was given but data.region_source is random (set data.region_source=boxes)");
    }
    ClipIndex index;
    Held held;
    try {
      index = ClipIndex.open(request.clips(), request.boxes());
      held = heldOut(request, index);
      if (held != null && held.split() != null) {
        index = held.split().train();
      }
    } catch (IOException e) {
      throw TrainException.usage(e.getMessage());
    }
    CheckpointStore store = new CheckpointStore(run, config.keepCheckpoints());
    Optional<CheckpointStore.State> resume = prepareOutput(request, run, store);
    long startStep = resume.map(CheckpointStore.State::step).orElse(0L);
    long started = System.nanoTime();
    // The loader decodes its first batch while the graph is built and initialised.
    long startPosition = resume.map(CheckpointStore.State::nextPosition).orElse(0L);
    try (BatchLoader loader = startStep < config.steps() ? new BatchLoader(index, config.data(), startPosition,
        config.steps() - startStep) : null;
        ConstclModel model = ConstclModel.build(config.model())) {
      if (resume.isPresent()) {
        model.restoreCheckpoint(resume.get().folder());
        request.progress().printf("resuming %s from step %d (%s)%n", run.root(), startStep, resume.get().folder().getFileName());
      } else {
        model.initialize();
        Files.writeString(run.config(), config.tree().withoutDefaultLayout().toYaml(), StandardCharsets.UTF_8);
      }
      Outcome outcome = train(request, run, held, model, store, resume, loader);
      FileTrees.delete(run.savedModel());
      model.exportSavedModel(run.savedModel());
      ObjectNode summary = summary(request, run, index, held, outcome, (System.nanoTime() - started) / 1e9, startStep);
      SummaryFiles.write(run.root().toString(), summary);
      return summary;
    } catch (IOException e) {
      throw TrainException.failed("training failed: " + e.getMessage(), e);
    } catch (IllegalStateException e) {
      // A worker that never answered or failed a step (ConstclModel names it); the checkpoints stay.
      if (config.model().distribution().distributed()) {
        throw TrainException.failed(e.getMessage(), e);
      }
      throw e;
    }
  }

  /** What the loop leaves for the summary. */
  private record Outcome(StepRecord last, Map<String, Long> skips, Path lastCheckpoint, String eventFile,
      ValidationMetrics baseline, ValidationMetrics lastValidation, int validationBatches) {}

  /**
   * Where held-out clips come from: a split of the clip dataset by video, or a separate dataset.
   *
   * @param split the split, or null for a separate dataset
   */
  private record Held(ClipIndex clips, VideoSplit split) {}

  private static Held heldOut(TrainRequest request, ClipIndex index) throws IOException, TrainException {
    TrainConfig.Validation v = request.config().validation();
    boolean split = v.split() > 0;
    if (split && request.validationClips() != null) {
      throw TrainException.usage("validation.split holds out videos of --clips and --validation-clips gives other clips;"
          + " choose one");
    }
    if (!v.enabled()) {
      if (split || request.validationClips() != null) {
        throw TrainException.usage((split ? "validation.split" : "--validation-clips")
            + " gives held-out clips but validation.every is 0; set validation.every to the steps between evaluations");
      }
      return null;
    }
    if (split) {
      // Not the training seed: runs that differ only in their seed hold out the same videos.
      VideoSplit s = VideoSplit.of(index, v.split(), 0);
      return new Held(s.heldOut(), s);
    }
    if (request.validationClips() == null) {
      throw TrainException.usage("validation.every needs held-out clips: set validation.split (a fraction of the videos)"
          + " or give --validation-clips <dir>");
    }
    return new Held(ClipIndex.open(request.validationClips(), null), null);
  }

  private static Outcome train(TrainRequest request, RunLayout run, Held held, ConstclModel model,
      CheckpointStore store, Optional<CheckpointStore.State> resume, BatchLoader loader) throws IOException, TrainException {
    TrainConfig config = request.config();
    long steps = config.steps();
    long startStep = resume.map(CheckpointStore.State::step).orElse(0L);
    if (startStep >= steps) {
      request.progress().printf("%s is already trained to step %d%n", run.root(), startStep);
      return new Outcome(null, Map.of(), resume.map(CheckpointStore.State::folder).orElse(null), null, null, null, 0);
    }
    List<TrainingBatch> validation;
    try {
      validation = held == null ? List.of() : ValidationBatches.make(held.clips(), config.data(), config.validation().batches());
    } catch (IllegalArgumentException e) {
      throw TrainException.usage("validation: " + e.getMessage());
    }
    long startPosition = resume.map(CheckpointStore.State::nextPosition).orElse(0L);
    int clipsPerBatch = config.data().clipsPerBatch();
    CheckpointListener checkpoints = new CheckpointListener(store, model, config.checkpointEvery(), config.digest(),
        SummaryFiles.JSON.readTree(config.tree().recipe().toJson()));
    try (MetricsLogListener metrics = new MetricsLogListener(run, startStep);
        TensorBoardListener events = new TensorBoardListener(run)) {
      List<org.constcl.tfmodel.loop.TrainingListener> listeners = List.of(new DivergenceListener(), metrics, events, checkpoints,
          new ProgressListener(request.progress(), request.interactive(), "train", startStep,
              Map.of("acc", "contrastive/accuracy", "clips/s", "throughput/clips_per_second")));
      ValidationMetrics baseline = null;
      if (!validation.isEmpty() && startStep == 0) {
        // Step 0: the random init, the baseline every later evaluation is read against.
        baseline = validate(model, validation);
        StepRecord zero = new StepRecord(0, steps, Double.NaN, Double.NaN, baseline.scalars(), startPosition);
        metrics.onStep(zero);
        events.onStep(zero);
      }
      ValidationMetrics[] latest = {baseline};
      int every = config.validation().every();
      StepRecord last;
      try {
        last = TrainingLoop.run(startStep, steps, (step, total) -> {
          StepRecord r = step(loader, model, clipsPerBatch, step, total);
          if (!validation.isEmpty() && (step % every == 0 || step == total)) {
            latest[0] = validate(model, validation);
            r.scalars().putAll(latest[0].scalars());
          }
          return r;
        }, listeners);
      } catch (DivergedException e) {
        Path good = checkpoints.last() != null ? checkpoints.last() : store.latest().map(CheckpointStore.State::folder).orElse(null);
        throw TrainException.failed(e.getMessage() + "; training stopped. The last good checkpoint is "
            + (good != null ? good : "none") + "; lower optimizer.learning_rate or add warmup", null);
      }
      return new Outcome(last, loader.skips(), checkpoints.last(), events.file(), baseline, latest[0], validation.size());
    }
  }

  private static ObjectNode validationJson(ValidationMetrics m) {
    return SummaryFiles.JSON.createObjectNode().put("global_loss", m.globalLoss()).put("global_accuracy", m.globalAccuracy())
        .put("local_loss", m.localLoss()).put("local_accuracy", m.localAccuracy());
  }

  private static ValidationMetrics validate(ConstclModel model, List<TrainingBatch> batches) {
    List<ValidationMetrics> each = new java.util.ArrayList<>();
    for (TrainingBatch b : batches) {
      each.add(model.validate(b));
    }
    return ValidationMetrics.mean(each);
  }

  /** Loads a batch and runs one step of the graph. */
  private static StepRecord step(BatchLoader loader, ConstclModel model, int clipsPerBatch, long step, long total)
      throws IOException {
    long t0 = System.nanoTime();
    LoadedBatch batch;
    try {
      batch = loader.next();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (IOException e) {
      throw new IOException("the data loader failed: " + e.getMessage(), e);
    }
    long t1 = System.nanoTime();
    StepMetrics m = model.trainStep(batch.batch());
    long t2 = System.nanoTime();
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("loss", (double) m.total());
    values.put("learning_rate", (double) m.learningRate());
    values.put("loss/global", (double) m.global());
    values.put("loss/local", (double) m.local());
    values.put("loss/weight_decay", (double) m.weightDecay());
    values.put("contrastive/accuracy", (double) m.accuracy());
    values.put("contrastive/entropy", (double) m.entropy());
    values.put("throughput/clips_per_second", clipsPerBatch / ((t2 - t0) / 1e9));
    values.put("time/loader_wait_ms", (t1 - t0) / 1e6);
    values.put("time/step_ms", (t2 - t1) / 1e6);
    values.put("data/skipped_clips", (double) batch.skipped());
    return new StepRecord(step, total, m.total(), m.learningRate(), values, batch.nextPosition());
  }

  private static Optional<CheckpointStore.State> prepareOutput(TrainRequest request, RunLayout run, CheckpointStore store)
      throws TrainException {
    Path out = run.root();
    try {
      if (Files.exists(out) && !Files.isDirectory(out)) {
        throw TrainException.usage(out + " exists and is not a folder");
      }
      Files.createDirectories(out);
      Optional<CheckpointStore.State> latest = store.latest();
      if (latest.isPresent() && !latest.get().configDigest().equals(request.config().digest())) {
        if (!request.force()) {
          List<String> diff = request.config().tree().recipe().differences(ConfigTree.fromJson(latest.get().config().toString()));
          throw TrainException.usage(out + " holds a run with another config (" + String.join("; ", diff)
              + "); use another --output, or --force to discard it and start over");
        }
        FileTrees.clear(out);
        latest = Optional.empty();
      } else if (latest.isEmpty()) {
        if (request.resume()) {
          throw TrainException.usage("--resume: " + out + " holds no checkpoint to resume from");
        }
        if (!isEmpty(out) && !run.looksLikeRun()) {
          throw TrainException.usage(out + " is not empty and holds no constcl run; choose another --output");
        }
        FileTrees.clear(out);
      }
      return latest;
    } catch (IOException e) {
      throw TrainException.usage("cannot prepare " + out + ": " + e.getMessage());
    }
  }

  private static boolean isEmpty(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      return s.findAny().isEmpty();
    }
  }

  private static ObjectNode summary(TrainRequest request, RunLayout run, ClipIndex index, Held held, Outcome outcome,
      double seconds, long startStep) throws IOException {
    ObjectNode s = SummaryFiles.JSON.createObjectNode();
    s.put("dataset", "model");
    s.put("format_version", 1);
    s.put("config_digest", request.config().digest());
    s.set("config", SummaryFiles.JSON.readTree(request.config().tree().recipe().toJson()));
    if (!request.config().model().distribution().isDefault()) {
      // Only when not the default: single-device summaries stay byte for byte what they were.
      s.set("distribute", SummaryFiles.JSON.valueToTree(request.config().model().distribution().describe()));
    }
    s.put("steps", request.config().steps());
    s.put("resumed_from_step", startStep);
    JsonNode clips = SummaryFiles.read(index.clips());
    s.putObject("clips").put("folder", index.clips().toString()).put("digest", clips.path("digest").asText())
        .put("records", index.size());
    if (index.boxes() != null) {
      JsonNode boxes = SummaryFiles.read(index.boxes());
      s.putObject("boxes").put("folder", index.boxes().toString()).put("digest", boxes.path("digest").asText())
          .put("source", boxes.path("source").asText()).put("config_digest", boxes.path("config_digest").asText());
    }
    StepRecord last = outcome.last();
    if (last != null) {
      Map<String, Double> v = last.scalars();
      ObjectNode f = s.putObject("final");
      f.put("step", last.step());
      f.put("loss", v.get("loss").floatValue());
      f.put("global_loss", v.get("loss/global").floatValue());
      f.put("local_loss", v.get("loss/local").floatValue());
      f.put("accuracy", v.get("contrastive/accuracy").floatValue());
      f.put("learning_rate", v.get("learning_rate").floatValue());
    }
    if (held != null) {
      ObjectNode v = s.putObject("validation");
      v.put("every", request.config().validation().every());
      v.put("source", held.split() != null ? "split" : held.clips().clips().toString());
      if (held.split() != null) {
        v.set("held_out_videos", SummaryFiles.JSON.valueToTree(held.split().heldOutVideos()));
      }
      v.put("clips", held.clips().size());
      v.put("batches", outcome.validationBatches());
      if (outcome.baseline() != null) {
        v.set("step_0", validationJson(outcome.baseline()));
      }
      if (outcome.lastValidation() != null) {
        v.set("final", validationJson(outcome.lastValidation()));
      }
    }
    s.put("wall_seconds", Math.round(seconds * 10) / 10.0);
    s.set("skipped_clips", SummaryFiles.JSON.valueToTree(outcome.skips()));
    s.put("checkpoint", outcome.lastCheckpoint() == null ? null : run.root().relativize(outcome.lastCheckpoint()).toString());
    s.put("saved_model", RunLayout.SAVED_MODEL);
    s.put("metrics", RunLayout.METRICS);
    s.put("events", outcome.eventFile());
    return s;
  }
}
