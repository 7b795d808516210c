package org.constcl.workflows.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TorchPeerTest {
  @Test
  void readsTheMedianOfEveryBatchSizeThePeerPrints() {
    String out = """
        torch 1.13.0a0, threads 2, params 51,879,744
        r3d50 step batch 4 x 8x112x112 (ncdhw): median 821.2 ms (min 743.0)
        r3d50 step batch 16 x 8x112x112 (ncdhw): median 3150.5 ms (min 3100.0)
        """;
    assertThat(TorchPeer.parse(out)).containsExactly(Map.entry(4, 821.2), Map.entry(16, 3150.5));
  }

  @Test
  void saysWhyThePeerCannotRun() throws Exception {
    assertThat(new TorchPeer(java.nio.file.Path.of("/nonexistent/r3d50_step.py"), "/usr/bin/python3").unavailable())
        .contains("no peer script at /nonexistent/r3d50_step.py");
  }
}
