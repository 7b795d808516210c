package org.constcl.tfmodel.model;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Places the backward pass of a replicated graph on the towers' devices: every op that
 * TensorFlow's gradient builder added ({@code gradients/…}, {@code gradients_N/…}) without a
 * device takes the device of the forward tensors it reads, or failing those, of the gradients it
 * reads (in graph order, so those are placed first). This is what the Python API's
 * {@code colocate_gradients_with_ops} gives; TensorFlow Java's {@code addGradients} leaves the
 * ops unplaced, so they all ran on the first device: one device did every tower's backward
 * pass, and on CPU it ran a tower's max-pool gradient without the forward op's oneDNN workspace,
 * with Eigen's kernel, which routes a window's gradient to every input within 1e-5 of its maximum
 * (docs/training.md, "Where the backward pass runs").
 *
 * <p>Where a gradient op reads several devices equally (the sum of the towers' gradients of a
 * shared weight, the split of gathered negatives), the first input's device wins; that changes
 * where a sum is formed, not its value.
 */
public final class GradientPlacement {
  private static final Pattern GRADIENT = Pattern.compile("^gradients(_\\d+)?/");

  private GradientPlacement() {}

  /** {@code graph} with its unplaced gradient ops placed; every other node as it was. */
  public static GraphDef place(GraphDef graph) {
    GraphDef.Builder out = graph.toBuilder();
    Map<String, String> devices = new HashMap<>();
    for (int i = 0; i < out.getNodeCount(); i++) {
      NodeDef.Builder node = out.getNodeBuilder(i);
      if (node.getDevice().isEmpty() && isGradient(node.getName())) {
        String device = deviceOfInputs(node, devices);
        if (device != null) {
          node.setDevice(device);
        }
      }
      devices.put(node.getName(), node.getDevice());
    }
    return out.build();
  }

  static boolean isGradient(String name) {
    return GRADIENT.matcher(name).lookingAt();
  }

  /** The most frequent device among the forward inputs, else among the gradient inputs; null if none. */
  private static String deviceOfInputs(NodeDef.Builder node, Map<String, String> devices) {
    Map<String, Integer> forward = new LinkedHashMap<>();
    Map<String, Integer> backward = new LinkedHashMap<>();
    for (String input : node.getInputList()) {
      if (input.startsWith("^")) {
        continue;
      }
      int colon = input.lastIndexOf(':');
      String source = colon < 0 ? input : input.substring(0, colon);
      String device = devices.getOrDefault(source, "");
      if (!device.isEmpty()) {
        (isGradient(source) ? backward : forward).merge(device, 1, Integer::sum);
      }
    }
    Map<String, Integer> votes = forward.isEmpty() ? backward : forward;
    String best = null;
    int most = 0;
    for (Map.Entry<String, Integer> e : votes.entrySet()) {
      if (e.getValue() > most) {
        best = e.getKey();
        most = e.getValue();
      }
    }
    return best;
  }
}
