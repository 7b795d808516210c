package org.constcl.workflows.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.constcl.tfmodel.run.RunLayout;
import org.constcl.tfmodel.trainer.ConfigTree;
import org.constcl.tfmodel.trainer.TrainConfig;
import org.constcl.workflows.engine.RunOptions;
import org.constcl.workflows.experiment.ExperimentSettings;
import org.constcl.workflows.experiment.FormatParts;
import org.constcl.workflows.experiment.FormatParts.Field;
import org.constcl.workflows.experiment.FormatParts.Kind;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.store.Artifact;

/**
 * Pre-training ({@code constcl train}) on a clip dataset and, for region sources other than
 * {@code online}, its box dataset. The instance's config is the trainer's resolved config.
 */
public final class TrainStage extends StageBase {
  public TrainStage() {
    super(new StageInfo("train", Resource.TENSORFLOW, true, List.of("transforms", "proposal", "tfmodel"), "TrainCommand",
        List.of("clips", "boxes", "validation"), RunLayout.SUMMARY, false));
  }

  @Override
  public void contribute(FormatParts parts) {
    parts.train(List.of(
        new Field("preset", Kind.STRING, "Built-in config the keys below override.", ConfigTree.presets()),
        new Field("steps", Kind.INTEGER, "train.steps.", List.of()),
        new Field("seed", Kind.INTEGER, "train.seed; the seeds axis sets it.", List.of())),
        ConfigTree.defaults().flatten().keySet(), pretrain -> {
          try {
            ExperimentSettings.trainConfig(pretrain);
            return null;
          } catch (IllegalArgumentException e) {
            return e.getMessage();
          }
        });
  }

  /** The config of an instance: the trainer's resolved config. */
  public ObjectNode config(TrainConfig train) throws IOException {
    ObjectNode tc = CanonicalJson.JSON.createObjectNode();
    tc.set("config", CanonicalJson.JSON.readTree(train.tree().withoutDefaultLayout().toJson()));
    return tc;
  }

  @Override
  public List<String> arguments(StageInstance i, Map<String, Artifact> inputs, Path work, Path scratch, RunOptions run)
      throws IOException {
    Path configFile = scratch.resolve("train.yaml");
    Files.createDirectories(scratch);
    Files.writeString(configFile, ConfigTree.fromJson(i.config().get("config").toString()).toYaml(), StandardCharsets.UTF_8);
    List<String> a = new ArrayList<>(List.of("train", "--config", configFile.toString(), "--clips",
        StageArguments.input(i, inputs, "clips").toString(), "--output", work.toString()));
    if (inputs.containsKey("boxes")) {
      a.addAll(List.of("--boxes", inputs.get("boxes").dir().toString()));
    }
    if (inputs.containsKey("validation")) {
      a.addAll(List.of("--validation-clips", inputs.get("validation").dir().toString()));
    }
    return a;
  }

  /** {@code distribute.workers: N} (a count, not addresses): N processes, started together on a cluster. */
  @Override
  public int workers(StageInstance i) {
    String spec = ConfigTree.fromJson(i.config().get("config").toString()).flatten().getOrDefault("distribute.workers", "").strip();
    return spec.matches("\\d+") ? Integer.parseInt(spec) : 1;
  }

  @Override
  public List<String> workerArguments(StageInstance i, Path scratch) {
    return List.of("train-worker", "--config", scratch.resolve("train.yaml").toString(), "--task",
        org.constcl.workflows.cluster.StageTask.TASK_INDEX);
  }

  @Override
  public StageResult result(Path artifact) throws IOException {
    JsonNode s = CanonicalJson.JSON.readTree(RunLayout.of(artifact).summary().toFile());
    JsonNode f = s.path("final");
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("steps", s.path("steps").asDouble());
    for (String k : new String[] {"loss", "global_loss", "local_loss", "accuracy"}) {
      if (f.has(k)) {
        m.put("final_" + k, f.get(k).asDouble());
      }
    }
    // Held-out contrastive accuracy, and the random init's at step 0: the evidence that training learns.
    JsonNode v = s.path("validation");
    for (String at : new String[] {"step_0", "final"}) {
      for (String k : new String[] {"global_accuracy", "local_accuracy"}) {
        if (v.path(at).has(k)) {
          m.put("heldout_" + k + (at.equals("final") ? "" : "_step0"), v.path(at).get(k).asDouble());
        }
      }
    }
    List<String> columns = new ArrayList<>(List.of("final_loss", "final_accuracy"));
    for (String k : new String[] {"heldout_global_accuracy_step0", "heldout_global_accuracy", "heldout_local_accuracy_step0",
        "heldout_local_accuracy"}) {
      if (m.containsKey(k)) {
        columns.add(k);
      }
    }
    return new StageResult(m, columns);
  }
}
