package org.constcl.workflows.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.constcl.eval.benchmark.DatasetKind;

/**
 * The rules the schema cannot say: which dataset each stage may use, that named files exist, and
 * that the trainer accepts the resolved training config.
 */
final class ExperimentChecks {
  private final FormatParts parts;

  ExperimentChecks(FormatParts parts) {
    this.parts = parts;
  }

  void check(JsonNode cell, LocatedTree tree, List<ExperimentError> errors) {
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
      if (pretrain.has("validation_dataset")) {
        String v = pretrain.get("validation_dataset").asText();
        JsonNode vd = datasets.path(v);
        if (vd.isMissingNode() || !vd.has("videos") || vd.has("make") || vd.has("format")) {
          errors.add(new ExperimentError(tree.locate("pretrain.validation_dataset"), "pretrain.validation_dataset '" + v
              + "' must be a videos dataset in datasets (videos: without make or format)"));
        } else if (v.equals(name)) {
          errors.add(new ExperimentError(tree.locate("pretrain.validation_dataset"), "pretrain.validation_dataset is the"
              + " pre-training dataset itself; held-out clips must not be trained on (or set validation.split instead)"));
        }
      }
      String refused = parts.trainCheck.apply(pretrain);
      if (refused != null) {
        errors.add(new ExperimentError(tree.locate("pretrain.train"), "the trainer refuses this config: " + refused));
      }
      String regions = pretrain.path("regions").asText("random");
      if (pretrain.path("proposals").has("model") && !parts.modelRegions.contains(regions)) {
        errors.add(new ExperimentError(tree.locate("pretrain.proposals.model"), "a detector model only serves the "
            + String.join(" and ", parts.modelRegions) + " region sources"));
      }
      if (pretrain.path("proposals").has("model")) {
        exists(tree, "pretrain.proposals.model", pretrain.path("proposals").path("model").asText(), errors);
      }
    }
    cell.path("benchmarks").fields().forEachRemaining(b -> {
      String protocol = b.getValue().path("protocol").asText();
      FormatParts.Benchmark spec = parts.benchmarks.get(protocol);
      String where = "benchmarks." + b.getKey() + ".dataset";
      dataset(b.getValue().path("dataset").asText(), spec.dataset(), where, protocol, datasets, tree, errors);
      if (b.getValue().has("train_dataset")) {
        String at = "benchmarks." + b.getKey() + ".train_dataset";
        if (spec.trainDataset() == null) {
          errors.add(new ExperimentError(tree.locate(at), at + " belongs to protocols that take a training set ("
              + String.join(", ", parts.benchmarks.entrySet().stream().filter(e -> e.getValue().trainDataset() != null)
              .map(Map.Entry::getKey).toList()) + ")"));
        } else {
          dataset(b.getValue().get("train_dataset").asText(), spec.trainDataset(), at, protocol, datasets, tree, errors);
        }
      }
      b.getValue().path("settings").fieldNames().forEachRemaining(k -> {
        if (!parts.takes(protocol, k)) {
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

  private void dataset(String name, DatasetKind kind, String where, String protocol, JsonNode datasets, LocatedTree tree,
      List<ExperimentError> errors) {
    JsonNode d = datasets.path(name);
    if (d.isMissingNode()) {
      errors.add(new ExperimentError(tree.locate(where), where + " names '" + name + "', which is not in datasets"));
    } else if (kind != parts.kind(d)) {
      errors.add(new ExperimentError(tree.locate(where), where + " '" + name + "' must be " + kind.description()
          + " for protocol " + protocol));
    }
  }

  private void checkDataset(String name, JsonNode d, LocatedTree tree, List<ExperimentError> errors) {
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
          if (!parts.makeTakes(m, k)) {
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
