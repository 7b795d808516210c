package org.constcl.workflows.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.constcl.workflows.experiment.SchemaType.Scalar.Kind;

/**
 * The experiment file format: every key, its type and meaning (docs/experiments.md has the prose).
 * The skeleton (datasets, pretrain, benchmarks, grid, report, runner) is fixed; the sections that
 * depend on the registered stages, region sources and benchmarks come from their {@link FormatParts}.
 */
public final class ExperimentSchema {
  /** {@code pretrain.regions} value that draws random boxes in the trainer (no proposal stage). */
  public static final String ONLINE_REGIONS = "online";

  private final SchemaType root;
  private final FormatParts parts;

  public ExperimentSchema(FormatParts parts) {
    this.parts = parts;
    this.root = build(parts);
  }

  public SchemaType root() {
    return root;
  }

  /** What the stages contributed (the rules validation applies besides the schema). */
  public FormatParts parts() {
    return parts;
  }

  /** The type at a dotted path, or null when the format has no such key. */
  public SchemaType at(String path) {
    return root.at(Arrays.asList(path.split("\\.")));
  }

  /** The JSON Schema (draft 2020-12) of the format, as shipped in experiments/schema/. */
  public ObjectNode jsonSchema() {
    ObjectNode s = SchemaType.F.objectNode();
    s.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    s.put("$id", "https://constcl.org/schema/experiment.json");
    s.put("title", "constcl experiment");
    s.setAll(root.jsonSchema());
    return s;
  }

  private static SchemaType build(FormatParts parts) {
    SchemaType.Obj ingest = fields(obj("How videos become clip records (constcl ingest)."), parts.ingest);
    Map<String, List<FormatParts.Field>> makeSettings = new LinkedHashMap<>();
    parts.makes.forEach((name, m) -> makeSettings.put(name, m.settings()));
    SchemaType.Obj make = union(obj("Settings of a generated dataset (constcl datasets make-<make>); each make takes its own"
        + " keys."), makeSettings);
    List<String> formats = new ArrayList<>(parts.formats.keySet());
    SchemaType.Obj dataset = obj("A dataset: videos for pre-training, a generated benchmark, or an official layout.")
        .field("videos", string("Folder (or one file) of videos, relative to the experiment file."))
        .field("make", choice("Generate a labelled benchmark from 'videos'.", parts.makes.keySet().toArray(String[]::new)))
        .field("settings", make)
        .field("format", choice("Official layout under 'path'.", formats.toArray(String[]::new)))
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
    SchemaType.Obj proposals = fields(obj("Region proposals (constcl proposals)."), parts.proposals)
        .field("params", new SchemaType.Named("Source parameters (constcl proposals sources lists them).",
            () -> new SchemaType.Scalar(null, Kind.ANY, List.of())));
    SchemaType.Obj train = fields(obj("Pre-training (constcl train)."), parts.train)
        .field("config", new SchemaType.Delegated("Trainer config keys (docs/training.md), nested.", parts.trainerKeys));
    List<String> regions = new ArrayList<>(parts.regions);
    regions.add(ONLINE_REGIONS);
    SchemaType.Obj pretrain = obj("The pre-training every cell runs.", "dataset")
        .field("dataset", string("Name of a videos dataset in 'datasets'."))
        .field("regions", choice("Region source ('" + ONLINE_REGIONS + "': random boxes drawn by the trainer).",
            regions.toArray(String[]::new)))
        .field("proposals", proposals)
        .field("validation_dataset", string("A videos dataset in 'datasets' held out from pre-training: the trainer logs the"
            + " global and local contrastive loss and accuracy on its clips at step 0 and every validation.every steps (set"
            + " in train.config; validation.split holds out videos of 'dataset' instead)."))
        .field("train", train);
    Map<String, List<FormatParts.Field>> benchSettings = new LinkedHashMap<>();
    StringBuilder protocols = new StringBuilder();
    parts.benchmarks.forEach((id, b) -> {
      benchSettings.put(id, b.settings());
      protocols.append(protocols.length() == 0 ? "" : " ").append(id).append(": ").append(b.description());
    });
    SchemaType.Obj evalSettings = union(obj("Evaluation settings: the options of constcl eval <protocol>; each protocol"
        + " takes its own keys."), benchSettings);
    SchemaType.Obj benchmark = obj("A downstream benchmark each pre-trained model feeds.", "protocol", "dataset")
        .field("protocol", choice(protocols.toString(), parts.benchmarks.keySet().toArray(String[]::new)))
        .field("dataset", string("Name of a labelled dataset in 'datasets' (track: the OTB sequences)."))
        .field("train_dataset", string("A separate training set for protocols that take one (track: the GOT-10k dataset"
            + " to fine-tune on; without it the backbone tracks as it is)."))
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
        .field("max_train_jobs", integer("Concurrent TensorFlow jobs (training and evaluation): one per GPU."))
        .field("warm_workers", bool("Run stages in long-lived worker JVMs (the default) instead of a new JVM each (false: no start-up saved, a stage's memory freed by its own exit)."));
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

  /** Adds {@code fields} to {@code o}. */
  private static SchemaType.Obj fields(SchemaType.Obj o, List<FormatParts.Field> fields) {
    for (FormatParts.Field f : fields) {
      o.field(f.name(), scalar(f, f.description()));
    }
    return o;
  }

  /**
   * The keys of several contributors in one mapping: a key several take is described per group of
   * contributors ("linear, finetune: …; ava: …"); its type must agree, its choices are the union.
   */
  private static SchemaType.Obj union(SchemaType.Obj o, Map<String, List<FormatParts.Field>> byContributor) {
    Map<String, Map<String, List<String>>> descriptions = new LinkedHashMap<>();
    Map<String, FormatParts.Field> first = new LinkedHashMap<>();
    Map<String, Set<String>> choices = new LinkedHashMap<>();
    byContributor.forEach((who, fields) -> {
      for (FormatParts.Field f : fields) {
        FormatParts.Field before = first.putIfAbsent(f.name(), f);
        if (before != null && before.kind() != f.kind()) {
          throw new IllegalStateException("setting " + f.name() + " is " + before.kind() + " for one contributor and "
              + f.kind() + " for " + who);
        }
        descriptions.computeIfAbsent(f.name(), k -> new LinkedHashMap<>())
            .computeIfAbsent(f.description(), k -> new ArrayList<>()).add(who);
        choices.computeIfAbsent(f.name(), k -> new LinkedHashSet<>()).addAll(f.choices());
      }
    });
    first.forEach((name, f) -> {
      StringBuilder d = new StringBuilder();
      descriptions.get(name).forEach((text, who) -> d.append(d.length() == 0 ? "" : " ").append(String.join(", ", who))
          .append(": ").append(text));
      o.field(name, scalar(new FormatParts.Field(name, f.kind(), d.toString(), List.copyOf(choices.get(name))), d.toString()));
    });
    return o;
  }

  private static SchemaType scalar(FormatParts.Field f, String description) {
    Kind k = switch (f.kind()) {
      case STRING -> Kind.STRING;
      case INTEGER -> Kind.INTEGER;
      case NUMBER -> Kind.NUMBER;
      case BOOLEAN -> Kind.BOOLEAN;
    };
    return new SchemaType.Scalar(description, k, f.choices());
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
