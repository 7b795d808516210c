package org.constcl.workflows.tensorboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.constcl.tfmodel.loop.EventFileWriter;
import org.constcl.tfmodel.run.RunLayout;
import org.constcl.workflows.report.AblationTable;
import org.constcl.workflows.tensorboard.HParamsPluginData.HParam;
import org.constcl.workflows.tensorboard.HParamsPluginData.Metric;
import org.constcl.workflows.tensorboard.HParamsPluginData.Status;
import org.constcl.workflows.tensorboard.HParamsPluginData.Type;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * A run's TensorBoard folder ({@code runs/<run>/tensorboard/}) made from its manifest: at the top the
 * HParams experiment (every grid axis, the seed and the initialisation as hyper-parameters with the
 * values the grid gives them; every benchmark metric and the pre-training's final numbers as
 * metrics); one folder per cell holding its session (hyper-parameter values, metrics as scalars at
 * the cell's last training step, status) and a copy of its training's event file, so the cell's
 * curves sit beside its row; one folder per random-init baseline (its metrics under the same tags, at
 * step 0). Wall times come from the manifest, so the same manifest gives the same bytes.
 */
public final class RunTensorBoard {
  public static final String FOLDER = "tensorboard";
  static final String INIT = "init";
  static final String SEED = "seed";

  private RunTensorBoard() {}

  /** Writes (or rewrites) {@code <runDir>/tensorboard/} for {@code manifest}; returns the folder. */
  public static Path write(JsonNode manifest, Path runDir) throws IOException {
    Path root = runDir.resolve(FOLDER);
    deleteTree(root);
    Files.createDirectories(root);
    double started = seconds(manifest.path("started").asText(null), 0);
    double finished = seconds(manifest.path("finished").asText(null), started);
    List<Session> sessions = sessions(manifest);

    Map<String, Metric> metrics = new LinkedHashMap<>();
    sessions.forEach(s -> s.metrics.forEach((tag, v) -> metrics.putIfAbsent(tag, metric(tag))));
    try (EventFileWriter w = new EventFileWriter(root.resolve(fileName(started, "hparams")), started)) {
      w.write(event(started, 0, HParamsPluginData.experiment(manifest.path("experiment").path("name").asText(),
          "constcl run " + manifest.path("run").asText() + " (" + manifest.path("experiment").path("file").asText() + ")",
          started, hparams(manifest, sessions), new ArrayList<>(metrics.values()))));
    }
    for (Session s : sessions) {
      Path dir = root.resolve(s.folder);
      Files.createDirectories(dir);
      try (EventFileWriter w = new EventFileWriter(dir.resolve(fileName(started, "hparams")), started)) {
        w.write(event(started, 0, HParamsPluginData.sessionStart(s.hparams, s.folder, started)));
        Summary.Builder scalars = Summary.newBuilder();
        s.metrics.forEach((tag, v) -> scalars.addValue(Summary.Value.newBuilder().setTag(tag).setSimpleValue(v.floatValue())));
        w.write(event(finished, s.step, scalars.build()));
        w.write(event(finished, s.step, HParamsPluginData.sessionEnd(s.status, finished)));
      }
      if (s.trainEvents != null && Files.isDirectory(s.trainEvents)) {
        try (Stream<Path> files = Files.list(s.trainEvents)) {
          for (Path f : files.filter(p -> p.getFileName().toString().contains("tfevents")).sorted().toList()) {
            Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
    return root;
  }

  /** A cell's or a baseline's session: its folder, hyper-parameters, metrics (tag to value) and status. */
  record Session(String folder, Map<String, Value> hparams, Map<String, Double> metrics, long step, Status status,
      Path trainEvents) {}

  static List<Session> sessions(JsonNode manifest) {
    List<Session> out = new ArrayList<>();
    Map<String, Session> baselines = new LinkedHashMap<>();
    JsonNode instances = manifest.path("instances");
    for (JsonNode cell : manifest.path("cells")) {
      Map<String, Value> hp = new LinkedHashMap<>();
      cell.path("axes").fields().forEachRemaining(a -> hp.put(a.getKey(), value(a.getValue())));
      hp.put(SEED, Value.newBuilder().setNumberValue(cell.path("seed").asDouble()).build());
      hp.put(INIT, string("pre-trained"));
      Map<String, Double> metrics = new LinkedHashMap<>();
      Status status = Status.SUCCESS;
      long step = cell.path("metrics").path("train").path("steps").asLong(0);
      Path trainEvents = null;
      for (var role = cell.path("stages").fields(); role.hasNext(); ) {
        var r = role.next();
        JsonNode instance = instances.path(r.getValue().asText());
        if (r.getKey().startsWith("eval-random-init:")) {
          String bench = r.getKey().substring(r.getKey().indexOf(':') + 1);
          String key = r.getValue().asText();
          if (!baselines.containsKey(key)) {
            Map<String, Value> bhp = new LinkedHashMap<>();
            bhp.put(SEED, hp.get(SEED));
            bhp.put(INIT, string("random"));
            Map<String, Double> bm = new LinkedHashMap<>();
            putMetrics(bm, bench + "/", instance, cell.path("metrics").path(r.getKey()));
            baselines.put(key, new Session(safe("random-init," + bench + ",seed=" + cell.path("seed").asText()), bhp, bm, 0,
                status(instance), null));
          }
          continue;
        }
        status = worse(status, status(instance));
        if (r.getKey().startsWith("eval:")) {
          putMetrics(metrics, r.getKey().substring(5) + "/", instance, cell.path("metrics").path(r.getKey()));
        } else if (r.getKey().equals("train")) {
          putMetrics(metrics, "pretrain/", instance, cell.path("metrics").path("train"));
          String path = instance.path("artifact").path("path").asText(null);
          trainEvents = path == null ? null : RunLayout.of(Path.of(path)).events();
        }
      }
      out.add(new Session(safe(cell.path("id").asText()), hp, metrics, step, status, trainEvents));
    }
    out.addAll(baselines.values());
    return out;
  }

  /** The metrics a stage's table shows (all numeric ones but counters when it names none). */
  private static void putMetrics(Map<String, Double> into, String prefix, JsonNode instance, JsonNode values) {
    JsonNode table = instance.path("table");
    values.fields().forEachRemaining(m -> {
      boolean shown = table.isArray() ? AblationTable.contains(table, m.getKey()) : !m.getKey().equals("steps");
      if (shown && m.getValue().isNumber()) {
        into.put(prefix + m.getKey(), m.getValue().asDouble());
      }
    });
  }

  /**
   * Every hyper-parameter a session has, in grid order: its domain is what the file lists (a
   * cartesian axis or a zipped group's axis), else the values the sessions hold.
   */
  private static List<HParam> hparams(JsonNode manifest, List<Session> sessions) {
    JsonNode grid = manifest.path("experiment").path("grid");
    Map<String, List<Value>> listed = new LinkedHashMap<>();
    grid.path("axes").fields().forEachRemaining(a -> listed.put(a.getKey(), values(a.getValue())));
    grid.path("zip").forEach(group -> group.fields().forEachRemaining(a -> listed.put(a.getKey(), values(a.getValue()))));
    listed.put(SEED, values(grid.path("seeds")));
    Set<String> names = new LinkedHashSet<>(listed.keySet());
    sessions.forEach(s -> names.addAll(s.hparams.keySet()));
    names.remove(SEED);
    names.remove(INIT);
    names.add(SEED);
    names.add(INIT);
    List<HParam> out = new ArrayList<>();
    for (String name : names) {
      List<Value> domain = listed.getOrDefault(name, List.of());
      if (domain.isEmpty()) {
        domain = sessions.stream().map(s -> s.hparams.get(name)).filter(java.util.Objects::nonNull).distinct().toList();
      }
      String description = name.equals(SEED) ? "the cell's seed"
          : name.equals(INIT) ? "pre-trained by the cell, or the random-init baseline of a benchmark" : "grid axis " + name;
      out.add(new HParam(name, description, type(domain), domain));
    }
    return out;
  }

  private static List<Value> values(JsonNode array) {
    List<Value> out = new ArrayList<>();
    array.forEach(v -> out.add(value(v)));
    return out;
  }

  private static Metric metric(String tag) {
    int slash = tag.indexOf('/');
    String role = tag.substring(0, slash);
    return new Metric(tag, role + " " + tag.substring(slash + 1),
        role.equals("pretrain") ? "pre-training's final value" : "benchmark " + role + ", from its evaluation stage");
  }

  private static Type type(List<Value> values) {
    if (!values.isEmpty() && values.stream().allMatch(v -> v.hasNumberValue())) {
      return Type.FLOAT64;
    }
    return !values.isEmpty() && values.stream().allMatch(v -> v.hasBoolValue()) ? Type.BOOL : Type.STRING;
  }

  static Value value(JsonNode v) {
    if (v.isNumber()) {
      return Value.newBuilder().setNumberValue(v.asDouble()).build();
    }
    if (v.isBoolean()) {
      return Value.newBuilder().setBoolValue(v.asBoolean()).build();
    }
    return string(v.isTextual() ? v.asText() : v.toString());
  }

  private static Value string(String s) {
    return Value.newBuilder().setStringValue(s).build();
  }

  private static Status status(JsonNode instance) {
    return switch (instance.path("status").asText()) {
      case "built", "cached" -> Status.SUCCESS;
      case "failed", "skipped" -> Status.FAILURE;
      case "running", "waiting" -> Status.RUNNING;
      default -> Status.UNKNOWN;
    };
  }

  private static Status worse(Status a, Status b) {
    List<Status> order = List.of(Status.SUCCESS, Status.RUNNING, Status.UNKNOWN, Status.FAILURE);
    return order.indexOf(a) >= order.indexOf(b) ? a : b;
  }

  private static Event event(double wallTime, long step, Summary s) {
    return Event.newBuilder().setWallTime(wallTime).setStep(step).setSummary(s).build();
  }

  private static String fileName(double seconds, String suffix) {
    return "events.out.tfevents." + (long) seconds + ".constcl-" + suffix;
  }

  private static double seconds(String iso, double fallback) {
    if (iso == null || iso.isEmpty()) {
      return fallback;
    }
    Instant t = Instant.parse(iso);
    return t.getEpochSecond() + t.getNano() / 1e9;
  }

  /** A folder name from a cell id: the id itself where the file system allows it. */
  static String safe(String id) {
    return id.replaceAll("[/\\\\:*?\"<>|\\s]", "_");
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
