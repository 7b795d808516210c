package org.constcl.workflows.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import org.constcl.workflows.experiment.SchemaType.Scalar.Kind;

/** The experiment file format: every key, its type and meaning (docs/experiments.md has the prose). */
public final class ExperimentSchema {
  /** Region sources a pre-training can use; {@code online} draws random boxes in the trainer. */
  public static final List<String> REGIONS = List.of("random", "slic", "graph", "person", "object", "online");

  private static final SchemaType ROOT = build();

  private ExperimentSchema() {}

  public static SchemaType root() {
    return ROOT;
  }

  /** The type at a dotted path, or null when the format has no such key. */
  public static SchemaType at(String path) {
    return ROOT.at(Arrays.asList(path.split("\\.")));
  }

  /** The JSON Schema (draft 2020-12) of the format, as shipped in experiments/schema/. */
  public static ObjectNode jsonSchema() {
    ObjectNode s = SchemaType.F.objectNode();
    s.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    s.put("$id", "https://constcl.org/schema/experiment.json");
    s.put("title", "constcl experiment");
    s.setAll(ROOT.jsonSchema());
    return s;
  }

  private static SchemaType build() {
    SchemaType.Obj ingest = obj("How videos become clip records (constcl ingest).")
        .field("short_side", integer("Short side of stored frames, even; 0 keeps the source size."))
        .field("frame_stride", integer("Keep every k-th source frame."))
        .field("fps", number("Target frame rate (overrides frame_stride)."))
        .field("max_segment_frames", integer("Split videos into segments of at most this many stored frames."))
        .field("jpeg_quality", integer("JPEG quality 1-100."))
        .field("min_clip_frames", integer("Records with fewer frames are flagged short_video."));
    SchemaType.Obj make = obj("Settings of a generated dataset (constcl datasets make-<make>); each make takes its own keys.")
        .field("clip_frames", integer("speed-direction: frames per clip."))
        .field("short_side", integer("Frame short side."))
        .field("windows", integer("speed-direction: windows per source video at most."))
        .field("test_fraction", number("speed-direction: fraction of source videos held out for test."))
        .field("keyframes", integer("ava: keyframes per video."))
        .field("fps", integer("ava: stored frames per second."))
        .field("actors", integer("ava: moving patches per video (1-4)."))
        .field("val_fraction", number("ava: fraction of videos in the validation split."))
        .field("frames", integer("tracking: frames per sequence."))
        .field("patch", number("tracking: patch side / frame short side."))
        .field("layout", choice("tracking: OTB sequences (evaluation) or a GOT-10k train split (fine-tuning).", "otb", "got10k"))
        .field("seed", integer("Seed of the generated content."));
    SchemaType.Obj dataset = obj("A dataset: videos for pre-training, a generated benchmark, or an official layout.")
        .field("videos", string("Folder (or one file) of videos, relative to the experiment file."))
        .field("make", choice("Generate a labelled benchmark from 'videos'.", "speed-direction", "ava", "tracking"))
        .field("settings", make)
        .field("format", choice("Official layout under 'path'.", "ucf101", "hmdb51", "kinetics", "ava", "otb", "got10k"))
        .field("path", string("Root of an official dataset, relative to the experiment file (got10k: the split folder)."))
        .field("fps", integer("format ava: stored frames per second (default 30)."))
        .field("split", integer("Official split (1-3)."))
        .field("splits_dir", string("Folder of the split files."))
        .field("train_csv", string("Kinetics: training annotations."))
        .field("test_csv", string("Kinetics: validation annotations."))
        .field("allow_missing", bool("Evaluate on the videos that exist when split files name missing ones."))
        .field("identity", choice("How cache keys identify its files: content (SHA-256 of every file, remembered by size"
            + " and time; default) or stat (path, size, modification time: for datasets too large to hash).", "content", "stat"))
        .field("ingest", ingest);
    SchemaType.Obj proposals = obj("Region proposals (constcl proposals).")
        .field("frame_stride", integer("Boxes on stored frames 0, k, 2k, ..."))
        .field("seed", integer("Seed of the random source and of selective search's ranking."))
        .field("model", string("Detector for person/object: ONNX file or SavedModel folder."))
        .field("params", new SchemaType.Named("Source parameters (constcl proposals sources lists them).",
            () -> new SchemaType.Scalar(null, Kind.ANY, List.of())));
    SchemaType.Obj train = obj("Pre-training (constcl train).")
        .field("preset", choice("Built-in config the keys below override.", "cpu-small", "paper"))
        .field("steps", integer("train.steps."))
        .field("seed", integer("train.seed; the seeds axis sets it."))
        .field("config", new SchemaType.Delegated("Trainer config keys (docs/training.md), nested.", TrainerKeys.all()));
    SchemaType.Obj pretrain = obj("The pre-training every cell runs.", "dataset")
        .field("dataset", string("Name of a videos dataset in 'datasets'."))
        .field("regions", choice("Region source.", REGIONS.toArray(String[]::new)))
        .field("proposals", proposals)
        .field("train", train);
    SchemaType.Obj evalSettings = obj("Evaluation settings: the options of constcl eval <protocol>; each protocol takes its own keys.")
        .field("epochs", integer(null)).field("batch", integer(null)).field("learning_rate", number(null))
        .field("weight_decay", number(null)).field("dropout", number("linear, finetune.")).field("frames", integer("linear, finetune, ava."))
        .field("frame_stride", integer("linear, finetune, ava.")).field("train_size", integer("linear, finetune."))
        .field("test_size", integer("linear, finetune.")).field("test_clips", integer("linear, finetune."))
        .field("test_crops", integer("linear, finetune.")).field("crop_area", number("linear, finetune."))
        .field("loader_threads", integer("linear, finetune."))
        .field("size", integer("ava: frame side after resizing."))
        .field("max_boxes", integer("ava: person boxes per keyframe and pass."))
        .field("preset", choice("ava: learning rate and weight decay preset.", "ava", "ava-kinetics"))
        .field("person_boxes", choice("ava: validation person boxes: the dataset's detections file or its ground truth.", "detected", "gt"))
        .field("box_threshold", number("ava: lowest detected person score."))
        .field("ava_protocol", choice("ava: evaluation protocol.", "current", "2018"))
        .field("exemplar_size", integer("track: exemplar crop.")).field("search_size", integer("track: search crop."))
        .field("pairs_per_epoch", integer("track: training pairs per epoch.")).field("max_gap", integer("track: largest frame gap in a pair."))
        .field("semantics", choice("track: scoring of invalid boxes.", "otb", "got10k", "pysot"))
        .field("threads", integer("ava, track: TensorFlow threads."))
        .field("seed", integer("The seeds axis sets it."));
    SchemaType.Obj benchmark = obj("A downstream benchmark each pre-trained model feeds.", "protocol", "dataset")
        .field("protocol", choice("linear/finetune: classification; ava: action localisation; track: SiamFC tracking.",
            "linear", "finetune", "ava", "track"))
        .field("dataset", string("Name of a labelled dataset in 'datasets' (track: the OTB sequences)."))
        .field("train_dataset", string("track: the GOT-10k dataset to fine-tune on (without it the backbone tracks as it is)."))
        .field("random_init", bool("Also evaluate a randomly initialised backbone of the same spec (a baseline row)."))
        .field("settings", evalSettings);
    SchemaType.Obj grid = obj("The ablation grid: cells = cartesian product of axes x zipped groups x seeds, minus exclusions.")
        .field("axes", new SchemaType.Named("Cartesian axes: key path -> list of values.",
            () -> new SchemaType.ListOf(null, new SchemaType.Scalar(null, Kind.ANY, List.of()), true)))
        .field("zip", new SchemaType.ListOf("Groups of axes that vary together (equal lengths).",
            new SchemaType.Named(null, () -> new SchemaType.ListOf(null, new SchemaType.Scalar(null, Kind.ANY, List.of()), true)), false))
        .field("exclude", new SchemaType.ListOf("Cells to leave out: axis key -> value (all must match).",
            new SchemaType.Named(null, () -> new SchemaType.Scalar(null, Kind.ANY, List.of())), false))
        .field("seeds", new SchemaType.ListOf("Replicates: sets pretrain.train.seed and every benchmark's settings.seed.",
            new SchemaType.Scalar(null, Kind.INTEGER, List.of()), true));
    SchemaType.Obj report = obj("How constcl report shows the grid.")
        .field("baseline", new SchemaType.Named("The baseline row: axis key -> value.",
            () -> new SchemaType.Scalar(null, Kind.ANY, List.of())));
    SchemaType.Obj runner = obj("Where and how many jobs run (operational: not part of cache keys).")
        .field("flink_master", string("[local] (embedded Flink) or host:port of a session cluster."))
        .field("parallelism", integer("Beam workers."))
        .field("max_beam_jobs", integer("Concurrent Beam jobs."))
        .field("max_train_jobs", integer("Concurrent TensorFlow jobs (training and evaluation): one per GPU."));
    return obj("A constcl experiment.", "name")
        .field("name", string("Names the runs of this file."))
        .field("description", string(null))
        .field("extends", new SchemaType.Scalar("Another experiment file this one overrides (relative path).", Kind.STRING, List.of()))
        .field("datasets", new SchemaType.Named("Datasets by name.", () -> dataset))
        .field("pretrain", pretrain)
        .field("benchmarks", new SchemaType.Named("Downstream benchmarks by name.", () -> benchmark))
        .field("grid", grid)
        .field("report", report)
        .field("runner", runner);
  }

  private static SchemaType.Obj obj(String description, String... required) {
    // Declared order, so the generated JSON Schema is the same in every JVM (Set.of iterates in a per-run order).
    return new SchemaType.Obj(description, new java.util.LinkedHashSet<>(List.of(required)));
  }

  private static SchemaType string(String d) {
    return new SchemaType.Scalar(d, Kind.STRING, List.of());
  }

  private static SchemaType integer(String d) {
    return new SchemaType.Scalar(d, Kind.INTEGER, List.of());
  }

  private static SchemaType number(String d) {
    return new SchemaType.Scalar(d, Kind.NUMBER, List.of());
  }

  private static SchemaType bool(String d) {
    return new SchemaType.Scalar(d, Kind.BOOLEAN, List.of());
  }

  private static SchemaType choice(String d, String... values) {
    return new SchemaType.Scalar(d, Kind.STRING, List.of(values));
  }
}
