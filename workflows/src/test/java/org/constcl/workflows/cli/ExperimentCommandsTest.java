package org.constcl.workflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.constcl.workflows.plan.CanonicalJson;
import org.constcl.workflows.console.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan/run/compare/report on the command line: exit codes, nothing run for invalid input, the shipped recipes plan here. */
class ExperimentCommandsTest {
  @TempDir Path dir;

  static Path repo() {
    return Path.of(System.getProperty("constcl.repo.root", "..")).toAbsolutePath().normalize();
  }

  @Test
  void paperRecipesValidateAndPlanHere() throws Exception {
    for (String f : new String[] {"pretrain-100k.yaml", "pretrain-200k.yaml", "seeds-100k.yaml"}) {
      CliRunner.Result r = CliRunner.run("plan", repo().resolve("experiments/paper/" + f).toString(), "--store",
          dir.resolve("store").toString(), "--json");
      assertThat(r.exitCode()).as(f + ": " + r.err()).isZero();
      JsonNode p = CanonicalJson.JSON.readTree(r.out());
      assertThat(p.get("cells").asInt()).isEqualTo(f.startsWith("seeds") ? 15 : 5);
      assertThat(p.get("to_run").asLong()).isEqualTo(p.get("instances").asLong());
    }
    CliRunner.Result r = CliRunner.run("plan", repo().resolve("experiments/paper/pretrain-200k.yaml").toString(), "--store",
        dir.resolve("store").toString());
    assertThat(r.out()).contains("train online seed=1").contains("eval ucf101-finetune random-init seed=1")
        .contains("eval k400-linear online seed=1").contains("eval ava random-init seed=1")
        .contains("eval ava-kinetics random-init seed=1");
  }

  /** The layout planner on the paper's recipe: graph built once per recipe, estimates per training. */
  @Test
  void planShowsEachTrainingsLayoutOnGivenDevices() {
    String paper = repo().resolve("experiments/paper/pretrain-200k.yaml").toString();
    CliRunner.Result r = CliRunner.run("plan", paper, "--store", dir.resolve("store").toString(), "--device-memory", "80");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("training layouts on 1 × 8 devices of 80 GB")
        .contains("train online seed=1: r3d50, views 16×224², batch 1024")
        .contains("128 clips per device in 16 micro-batches of 8")
        .contains("distribute.replicas=8 distribute.micro_batches=16");
    assertThat(r.out().lines().filter(l -> l.contains("128 clips per device")).count()).isEqualTo(5);
    CliRunner.Result small = CliRunner.run("plan", paper, "--store", dir.resolve("store").toString(),
        "--device-memory", "8", "--devices", "4", "--workers", "2");
    assertThat(small.out()).contains("2 workers × 4 devices of 8.0 GB: does not fit");
    assertThat(CliRunner.run("plan", paper, "--device-memory", "80", "--json").exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void quickstartPlansWithMergedInstances() {
    CliRunner.Result r = CliRunner.run("plan", repo().resolve("experiments/quickstart.yaml").toString(), "--store",
        dir.resolve("store").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("5 cells, 18 stage instances (30 before merging equal ones)")
        .contains("to run: 18 of 18 instances; no estimate yet");
  }

  @Test
  void invalidFilesExitTwoAndRunNothing() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "name: bad\npretrain:\n  dataset: nowhere\n  regions: [slic]\n");
    Path store = dir.resolve("store");
    CliRunner.Result plan = CliRunner.run("plan", bad.toString(), "--store", store.toString());
    assertThat(plan.exitCode()).isEqualTo(2);
    assertThat(plan.err()).contains("invalid experiment (nothing was run)")
        .contains(bad + ":4:12: pretrain.regions: expected string");
    CliRunner.Result run = CliRunner.run("run", bad.toString(), "--store", store.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(store.resolve("runs")).doesNotExist();
    CliRunner.Result unknown = CliRunner.run("run", repo().resolve("experiments/quickstart.yaml").toString(), "--store",
        store.toString(), "--set", "pretrain.train.epochs=3");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("--set pretrain.train.epochs=3: unknown key 'pretrain.train.epochs'");
    assertThat(store.resolve("runs")).doesNotExist();
    CliRunner.Result missing = CliRunner.run("compare", dir.resolve("none").toString(), dir.resolve("none2").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("no manifest there");
  }
}
