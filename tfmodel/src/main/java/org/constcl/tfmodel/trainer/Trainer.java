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
import org.constcl.tfmodel.model.ConstclModel;
import org.constcl.tfmodel.model.StepMetrics;
import org.constcl.transforms.summary.SummaryFiles;

/**
 * The pre-training loop: index the data, build or restore the model, stream batches, step,
 * log, checkpoint, and finally export a SavedModel and write {@code _SUMMARY.json}. A run whose
 * output holds checkpoints resumes from the latest one (same config required, unless
 * {@code force} starts over); data and weights continue exactly where the checkpoint left them.
 */
public final class Trainer {
  static final String SAVED_MODEL = "saved_model";
  static final String CONFIG_FILE = "config.yaml";

  private Trainer() {}

  /**
   * Trains as {@code request} says.
   *
   * @return the run's summary
   * @throws TrainException with a one-line message: {@link TrainException#usage()} when nothing
   *     ran (bad data, config or output folder), otherwise a failure (divergence, unreadable data)
   */
  public static JsonNode run(TrainRequest request) throws TrainException {
    TrainConfig config = request.config();
    Path out = request.output().toAbsolutePath().normalize();
    if (config.data().regionBoxes() && request.boxes() == null) {
      throw TrainException.usage("data.region_source is boxes but no --boxes dataset was given");
    }
    if (!config.data().regionBoxes() && request.boxes() != null) {
      throw TrainException.usage("--boxes was given but data.region_source is random (set data.region_source=boxes)");
    }
    ClipIndex index;
    try {
      index = ClipIndex.open(request.clips(), request.boxes());
    } catch (IOException e) {
      throw TrainException.usage(e.getMessage());
    }
    CheckpointStore store = new CheckpointStore(out, config.keepCheckpoints());
    Optional<CheckpointStore.State> resume = prepareOutput(request, out, store);
    long startStep = resume.map(CheckpointStore.State::step).orElse(0L);
    long startPosition = resume.map(CheckpointStore.State::nextPosition).orElse(0L);
    long started = System.nanoTime();
    try (ConstclModel model = ConstclModel.build(config.model())) {
      if (resume.isPresent()) {
        model.restoreCheckpoint(resume.get().folder());
        request.progress().printf("resuming %s from step %d (%s)%n", out, startStep, resume.get().folder().getFileName());
      } else {
        model.initialize();
        Files.writeString(out.resolve(CONFIG_FILE), config.tree().toYaml(), StandardCharsets.UTF_8);
      }
      Loop loop = new Loop(request, index, model, store, startStep, startPosition);
      StepMetrics last = loop.run();
      Path saved = out.resolve(SAVED_MODEL);
      CheckpointStore.delete(saved);
      model.exportSavedModel(saved);
      ObjectNode summary = summary(request, index, last, loop, (System.nanoTime() - started) / 1e9, startStep);
      SummaryFiles.write(out.toString(), summary);
      return summary;
    } catch (IOException e) {
      throw TrainException.failed("training failed: " + e.getMessage(), e);
    }
  }

  private static Optional<CheckpointStore.State> prepareOutput(TrainRequest request, Path out, CheckpointStore store)
      throws TrainException {
    try {
      if (Files.exists(out) && !Files.isDirectory(out)) {
        throw TrainException.usage(out + " exists and is not a folder");
      }
      Files.createDirectories(out);
      Optional<CheckpointStore.State> latest = store.latest();
      if (latest.isPresent() && !latest.get().configDigest().equals(request.config().digest())) {
        if (!request.force()) {
          List<String> diff = request.config().tree().differences(latest.get().config());
          throw TrainException.usage(out + " holds a run with another config (" + String.join("; ", diff)
              + "); use another --output, or --force to discard it and start over");
        }
        clear(out);
        latest = Optional.empty();
      } else if (latest.isEmpty()) {
        if (request.resume()) {
          throw TrainException.usage("--resume: " + out + " holds no checkpoint to resume from");
        }
        if (!isEmpty(out) && !isRun(out)) {
          throw TrainException.usage(out + " is not empty and holds no constcl run; choose another --output");
        }
        clear(out);
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

  /** Whether {@code out} looks like a training run's folder (safe to clear). */
  private static boolean isRun(Path out) {
    return Stream.of(CONFIG_FILE, MetricsLog.FILE, "checkpoints", "events", SAVED_MODEL, SummaryFiles.FILE_NAME)
        .anyMatch(n -> Files.exists(out.resolve(n)));
  }

  private static void clear(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      for (Path p : s.toList()) {
        CheckpointStore.delete(p);
      }
    }
  }

  private static ObjectNode summary(TrainRequest request, ClipIndex index, StepMetrics last, Loop loop, double seconds,
      long startStep) throws IOException {
    ObjectNode s = SummaryFiles.JSON.createObjectNode();
    s.put("dataset", "model");
    s.put("format_version", 1);
    s.put("config_digest", request.config().digest());
    s.set("config", SummaryFiles.JSON.readTree(request.config().tree().toJson()));
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
    if (last != null) {
      ObjectNode f = s.putObject("final");
      f.put("step", last.step() + 1);
      f.put("loss", last.total());
      f.put("global_loss", last.global());
      f.put("local_loss", last.local());
      f.put("accuracy", last.accuracy());
      f.put("learning_rate", last.learningRate());
    }
    s.put("wall_seconds", Math.round(seconds * 10) / 10.0);
    s.set("skipped_clips", SummaryFiles.JSON.valueToTree(loop.skips));
    s.put("checkpoint", loop.lastCheckpoint == null ? null : request.output().toAbsolutePath().normalize()
        .relativize(loop.lastCheckpoint).toString());
    s.put("saved_model", SAVED_MODEL);
    s.put("metrics", MetricsLog.FILE);
    s.put("events", loop.eventFile);
    return s;
  }

  /** The step loop and what it leaves behind. */
  private static final class Loop {
    private final TrainRequest request;
    private final ClipIndex index;
    private final ConstclModel model;
    private final CheckpointStore store;
    private final long startStep;
    private final long startPosition;
    Map<String, Long> skips = Map.of();
    Path lastCheckpoint;
    String eventFile;

    Loop(TrainRequest request, ClipIndex index, ConstclModel model, CheckpointStore store, long startStep, long startPosition) {
      this.request = request;
      this.index = index;
      this.model = model;
      this.store = store;
      this.startStep = startStep;
      this.startPosition = startPosition;
    }

    StepMetrics run() throws IOException, TrainException {
      TrainConfig config = request.config();
      Path out = request.output().toAbsolutePath().normalize();
      long steps = config.steps();
      StepMetrics last = null;
      if (startStep >= steps) {
        request.progress().printf("%s is already trained to step %d%n", out, startStep);
        lastCheckpoint = store.latest().map(CheckpointStore.State::folder).orElse(null);
        return null;
      }
      ProgressLine progress = new ProgressLine(request.progress(), request.interactive(), startStep, steps);
      int clipsPerBatch = config.data().clipsPerBatch();
      try (BatchLoader loader = new BatchLoader(index, config.data(), startPosition);
          MetricsLog metrics = new MetricsLog(out, startStep);
          EventFileWriter events = new EventFileWriter(out.resolve("events"))) {
        eventFile = out.relativize(events.file()).toString();
        double smoothed = 0;
        for (long step = startStep; step < steps; step++) {
          long t0 = System.nanoTime();
          LoadedBatch batch;
          try {
            batch = loader.next();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TrainException.failed("interrupted", e);
          } catch (IOException e) {
            throw TrainException.failed("the data loader failed: " + e.getMessage(), e);
          }
          long t1 = System.nanoTime();
          StepMetrics m = model.trainStep(batch.batch());
          long t2 = System.nanoTime();
          if (!Float.isFinite(m.total())) {
            throw TrainException.failed("the loss became " + m.total() + " at step " + step + " (learning rate "
                + m.learningRate() + "); training stopped. The last good checkpoint is "
                + (lastCheckpoint != null ? lastCheckpoint : store.latest().map(s -> s.folder().toString()).orElse("none"))
                + "; lower optimizer.learning_rate or add warmup", null);
          }
          double clipsPerSecond = clipsPerBatch / ((t2 - t0) / 1e9);
          smoothed = step == startStep ? clipsPerSecond : 0.9 * smoothed + 0.1 * clipsPerSecond;
          Map<String, Double> values = new LinkedHashMap<>();
          values.put("loss/total", (double) m.total());
          values.put("loss/global", (double) m.global());
          values.put("loss/local", (double) m.local());
          values.put("loss/weight_decay", (double) m.weightDecay());
          values.put("learning_rate", (double) m.learningRate());
          values.put("contrastive/accuracy", (double) m.accuracy());
          values.put("contrastive/entropy", (double) m.entropy());
          values.put("throughput/clips_per_second", clipsPerSecond);
          values.put("time/loader_wait_ms", (t1 - t0) / 1e6);
          values.put("time/step_ms", (t2 - t1) / 1e6);
          values.put("data/skipped_clips", (double) batch.skipped());
          metrics.write(step, values);
          events.scalars(step, values);
          last = m;
          long done = step + 1;
          if (done % config.checkpointEvery() == 0 || done == steps) {
            lastCheckpoint = store.save(model, done, batch.nextPosition(), config);
          }
          progress.update(done, m.total(), m.accuracy(), smoothed);
        }
        skips = loader.skips();
      }
      return last;
    }
  }
}
