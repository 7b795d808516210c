package org.constcl.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The rules the schema cannot say: which dataset each stage may use, that named files exist, and
 * that the trainer accepts the resolved training config.
 */
final class ExperimentChecks {
  private ExperimentChecks() {}

  static void check(JsonNode cell, LocatedTree tree, List<ExperimentError> errors) {
    JsonNode datasets = cell.path("datasets");
    datasets.fields().forEachRemaining(e -> checkDataset(e.getKey(), e.getValue(), tree, errors));
    JsonNode pretrain = cell.path("pretrain");
    if (!pretrain.isMissingNode()) {
      String name = pretrain.path("dataset").asText();
      JsonNode d = datasets.path(name);
      if (d.isMissingNode()) {
        errors.add(new ExperimentError(tree.locate("pretrain.dataset"), "pretrain.dataset names '" + name
            + "', which is not in datasets"));
      } else if (!d.has("videos") || d.has("make") || d.has("format")) {
        errors.add(new ExperimentError(tree.locate("pretrain.dataset"), "pretrain.dataset '" + name
            + "' must be a videos dataset (videos: without make or format)"));
      }
      try {
        ExperimentSettings.trainConfig(pretrain);
      } catch (IllegalArgumentException e) {
        errors.add(new ExperimentError(tree.locate("pretrain.train"), "the trainer refuses this config: " + e.getMessage()));
      }
      String regions = pretrain.path("regions").asText("random");
      if (pretrain.path("proposals").has("model") && !regions.equals("person") && !regions.equals("object")) {
        errors.add(new ExperimentError(tree.locate("pretrain.proposals.model"), "a detector model only serves the person"
            + " and object region sources"));
      }
      if (pretrain.path("proposals").has("model")) {
        exists(tree, "pretrain.proposals.model", pretrain.path("proposals").path("model").asText(), errors);
      }
    }
    cell.path("benchmarks").fields().forEachRemaining(b -> {
      String protocol = b.getValue().path("protocol").asText();
      String where = "benchmarks." + b.getKey() + ".dataset";
      dataset(b.getValue().path("dataset").asText(), DownstreamRules.datasetKind(protocol), where, protocol, datasets, tree, errors);
      if (b.getValue().has("train_dataset")) {
        String at = "benchmarks." + b.getKey() + ".train_dataset";
        if (!protocol.equals("track")) {
          errors.add(new ExperimentError(tree.locate(at), at + " belongs to protocol track"));
        } else {
          dataset(b.getValue().get("train_dataset").asText(), "got10k", at, protocol, datasets, tree, errors);
        }
      }
      b.getValue().path("settings").fieldNames().forEachRemaining(k -> {
        if (!DownstreamRules.takes(protocol, k)) {
          errors.add(new ExperimentError(tree.locate("benchmarks." + b.getKey() + ".settings." + k), "benchmarks." + b.getKey()
              + ".settings." + k + " does not apply to protocol " + protocol));
        }
      });
      if (pretrain.isMissingNode() && !b.getValue().path("random_init").asBoolean(false)) {
        errors.add(new ExperimentError(tree.locate("benchmarks." + b.getKey()), "without pretrain a benchmark can only"
            + " evaluate random_init: true"));
      }
    });
    if (pretrain.isMissingNode() && cell.path("benchmarks").isEmpty()) {
      errors.add(new ExperimentError(tree.locate(""), "nothing to run: give pretrain or benchmarks"));
    }
  }

  private static final Map<String, String> KIND_NAMES = Map.of("classification", "a labelled classification dataset"
      + " (make: speed-direction or format: ucf101|hmdb51|kinetics)", "ava", "an AVA dataset (make: ava or format: ava)",
      "otb", "OTB sequences (make: tracking with layout otb, or format: otb)", "got10k",
      "a GOT-10k split (make: tracking with layout: got10k, or format: got10k)");

  private static void dataset(String name, String kind, String where, String protocol, JsonNode datasets, LocatedTree tree,
      List<ExperimentError> errors) {
    JsonNode d = datasets.path(name);
    if (d.isMissingNode()) {
      errors.add(new ExperimentError(tree.locate(where), where + " names '" + name + "', which is not in datasets"));
    } else if (!kind.equals(DownstreamRules.kind(d))) {
      errors.add(new ExperimentError(tree.locate(where), where + " '" + name + "' must be " + KIND_NAMES.get(kind)
          + " for protocol " + protocol));
    }
  }

  private static void checkDataset(String name, JsonNode d, LocatedTree tree, List<ExperimentError> errors) {
    String at = "datasets." + name;
    boolean make = d.has("make");
    boolean format = d.has("format");
    if (make && format) {
      errors.add(new ExperimentError(tree.locate(at), at + ": give make or format, not both"));
      return;
    }
    if (format) {
      if (!d.has("path")) {
        errors.add(new ExperimentError(tree.locate(at), at + ": format " + d.get("format").asText() + " needs path"));
      } else {
        exists(tree, at + ".path", d.get("path").asText(), errors);
      }
      if (d.get("format").asText().equals("kinetics") && !(d.has("train_csv") && d.has("test_csv"))) {
        errors.add(new ExperimentError(tree.locate(at), at + ": format kinetics needs train_csv and test_csv"));
      }
      for (String k : List.of("splits_dir", "train_csv", "test_csv")) {
        if (d.has(k)) {
          exists(tree, at + "." + k, d.get(k).asText(), errors);
        }
      }
      if (d.has("videos")) {
        errors.add(new ExperimentError(tree.locate(at + ".videos"), at + ": an official dataset is read from path, not videos"));
      }
      if (d.has("fps") && !d.get("format").asText().equals("ava")) {
        errors.add(new ExperimentError(tree.locate(at + ".fps"), at + ".fps belongs to format: ava"));
      }
    } else {
      if (!d.has("videos")) {
        errors.add(new ExperimentError(tree.locate(at), at + " needs videos (a folder or file), make, or format"));
      } else {
        exists(tree, at + ".videos", d.get("videos").asText(), errors);
      }
      if (!make && d.has("settings")) {
        errors.add(new ExperimentError(tree.locate(at + ".settings"), at + ".settings belongs to make: datasets"));
      }
      if (make) {
        String m = d.get("make").asText();
        d.path("settings").fieldNames().forEachRemaining(k -> {
          if (!DownstreamRules.MAKE_SETTINGS.getOrDefault(m, java.util.Set.of()).contains(k)) {
            errors.add(new ExperimentError(tree.locate(at + ".settings." + k), at + ".settings." + k + " does not apply to make: " + m));
          }
        });
      }
      if (d.has("fps")) {
        errors.add(new ExperimentError(tree.locate(at + ".fps"), at + ".fps belongs to format: ava (make: ava takes settings.fps)"));
      }
      if (d.has("path") || d.has("split")) {
        errors.add(new ExperimentError(tree.locate(at), at + ": path and split belong to format: datasets"));
      }
    }
  }

  private static void exists(LocatedTree tree, String key, String value, List<ExperimentError> errors) {
    Path p = Experiment.resolve(tree, key, value);
    if (!Files.exists(p)) {
      errors.add(new ExperimentError(tree.locate(key), key + ": " + p + " does not exist"));
    }
  }

}
