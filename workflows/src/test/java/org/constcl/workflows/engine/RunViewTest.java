package org.constcl.workflows.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.constcl.workflows.plan.ExternalDigests;
import org.constcl.workflows.plan.Plan;
import org.constcl.workflows.plan.Planner;
import org.constcl.workflows.plan.StageInstance;
import org.constcl.workflows.stage.Resource;
import org.constcl.workflows.stage.StageRegistry;
import org.constcl.workflows.stage.TestStages;
import org.junit.jupiter.api.Test;

/** The terminal view: the tree of cells and stages with state and ETA; redrawn in place on a terminal. */
class RunViewTest {
  static Plan quickstart() throws Exception {
    Path file = Path.of(System.getProperty("constcl.repo.root", "..")).resolve("experiments/quickstart.yaml");
    StageRegistry stages = TestStages.registry();
    return new Planner(stages, new ExternalDigests(null)).plan(stages.loader().load(file, List.of()));
  }

  @Test
  void treeShowsEveryCellWithStatesAndTheEta() throws Exception {
    Plan plan = quickstart();
    Map<String, InstanceState> states = new LinkedHashMap<>();
    for (StageInstance i : plan.instances()) {
      InstanceState s = new InstanceState(i);
      s.estimate = 30.0;
      states.put(i.key(), s);
    }
    InstanceState ingest = states.get(plan.cellRoles().get("regions=random,seed=1").get("ingest").key());
    ingest.phase = InstanceState.Phase.CACHED;
    InstanceState proposals = states.get(plan.cellRoles().get("regions=random,seed=1").get("proposals").key());
    proposals.phase = InstanceState.Phase.RUNNING;
    proposals.startedNanos = System.nanoTime();
    StringWriter out = new StringWriter();
    RunView view = new RunView(new PrintWriter(out), true);
    view.tick(plan, states);
    view.tick(plan, states);
    String text = out.toString();
    // Redrawn in place: the second drawing moves the cursor up over the first.
    int lines = view.tree(plan, states).size();
    assertThat(text).contains("\033[" + lines + "A\033[J");
    assertThat(text).contains("quickstart: 5 cells, 18 stages — 1 cached, 0 built, 1 running, 16 waiting, 0 failed")
        .contains("ETA ")
        .contains("cell regions=slic,seed=1")
        .contains("├─ ✓ ingest samples")
        .contains("▶ proposals random samples")
        .contains("running 0s of ~30s")
        .contains("└─ · eval propagation random-init seed=1");
  }

  @Test
  void etaIsTheLongerOfTheBeamAndTensorFlowQueues() throws Exception {
    Plan plan = quickstart();
    Map<String, InstanceState> states = new LinkedHashMap<>();
    for (StageInstance i : plan.instances()) {
      InstanceState s = new InstanceState(i);
      s.estimate = i.stage().resource() == Resource.TENSORFLOW ? 60.0 : 10.0;
      states.put(i.key(), s);
    }
    // 11 TensorFlow instances x 60 s vs 7 others x 10 s.
    assertThat(RunView.eta(states.values())).isEqualTo(", ETA 11m00s");
  }
}
