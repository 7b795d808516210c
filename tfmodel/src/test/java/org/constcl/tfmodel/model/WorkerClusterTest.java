package org.constcl.tfmodel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.constcl.tfmodel.trainer.ConfigTree;
import org.constcl.tfmodel.trainer.TrainConfig;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;

/** {@code distribute.workers}: addresses, or a count of processes a scheduler starts and lists later. */
class WorkerClusterTest {
  @Test
  void aCountIsThatManyWorkersWhoseAddressesComeLater() {
    WorkerCluster c = WorkerCluster.parse("2", WorkerCluster.CONNECT_TIMEOUT, WorkerCluster.STEP_TIMEOUT);
    assertThat(c.size()).isEqualTo(2);
    assertThat(c.isEmpty()).isFalse();
    assertThat(c.toString()).isEqualTo("2");
    // Starting a server needs the addresses: the message says who gives them.
    assertThatThrownBy(() -> c.serverDef(0, ConfigProto.getDefaultInstance()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("distribute.workers: 2 asks a scheduler for 2 processes")
        .hasMessageContaining(WorkerCluster.ENVIRONMENT)
        .hasMessageContaining("--flink-master");
    assertThatThrownBy(c::chiefTarget).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aCountOfOneIsRefused() {
    assertThatThrownBy(() -> WorkerCluster.parse("1", WorkerCluster.CONNECT_TIMEOUT, WorkerCluster.STEP_TIMEOUT))
        .hasMessageContaining("a count of workers is 2 or more");
  }

  @Test
  void aTrainConfigTakesTheCountAsANumberAndSplitsTheBatchOverIt() {
    ConfigTree tree = ConfigTree.preset("cpu-small");
    tree.set("distribute.workers", "2");
    tree.set("data.clips_per_batch", "4");
    assertThat(TrainConfig.of(tree).model().distribution().workers().size()).isEqualTo(2);
    tree.set("data.clips_per_batch", "3");
    assertThatThrownBy(() -> TrainConfig.of(tree)).hasMessageContaining("multiple of distribute.replicas");
    ConfigTree yaml = ConfigTree.parse("distribute: {workers: 2}\ndata: {clips_per_batch: 4}\n", "test.yaml");
    assertThat(yaml.flatten().get("distribute.workers")).isEqualTo("2");
  }
}
