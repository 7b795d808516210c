package org.constcl.tfmodel.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Where the placed backward pass of towers on two devices sends tensors between them: only each
 * tower's weight gradients, to be summed, never the activation-sized gradients that synchronised
 * batch norm's cross-tower mean would otherwise pull to one tower and back.
 */
class GradientPlacementTest {
  @Test
  void theBackwardPassOfSynchronisedTowersSendsOnlyWeightGradientsBetweenThem() {
    try (ConstclModel two = ConstclModel.build(TinyModels.config().distribution(new Distribution(2, true, "cpu")).build())) {
      GraphDef placed = two.runGraphDef();
      GradientPlacement.TensorBytes sizes = GradientPlacement.staticSizes(two.graph());
      Map<String, String> devices = new HashMap<>();
      placed.getNodeList().forEach(n -> devices.put(n.getName(), n.getDevice()));
      Set<String> sent = new HashSet<>();
      long crossing = 0;
      long largest = 0;
      for (NodeDef n : placed.getNodeList()) {
        for (String input : n.getInputList()) {
          String tensor = input.indexOf(':') < 0 ? input + ":0" : input;
          String producer = tensor.substring(0, tensor.lastIndexOf(':'));
          String from = devices.getOrDefault(producer, "");
          if (input.startsWith("^") || !GradientPlacement.isGradient(producer) || !GradientPlacement.isGradient(n.getName())
              || from.isEmpty() || n.getDevice().isEmpty() || from.equals(n.getDevice()) || !sent.add(tensor + ">" + n.getDevice())) {
            continue;
          }
          long bytes = sizes.of(producer, Integer.parseInt(tensor.substring(tensor.lastIndexOf(':') + 1)));
          crossing += bytes;
          largest = Math.max(largest, bytes);
        }
      }
      long weights = 0;
      long largestWeight = 0;
      for (String name : two.variables().trainableNames()) {
        long bytes = sizes.of(name, 0);
        weights += bytes;
        largestWeight = Math.max(largestWeight, bytes);
      }
      // Each weight's gradient once (to be summed), plus channel-sized batch-norm statistics and the
      // embeddings' gradients; with the first placement rule alone it was 9.8x the weights.
      assertThat(crossing).as("bytes between the towers' backward passes").isPositive().isLessThanOrEqualTo(weights * 5 / 4);
      assertThat(largest).as("largest tensor between them").isLessThanOrEqualTo(largestWeight);
    }
  }
}
