package org.constcl.tfmodel.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
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
 * <p>That first choice can still split a tower's backward pass where the forward graph joins
 * towers: synchronised batch norm forms each layer's batch mean on one tower, and the gradient of
 * the other towers' sums then starts on that tower, which by the first rule drags their
 * activation-sized broadcasts ({@code Tile}) and products there and back: r3d50's step moved
 * 1.3 GB between 2 processes where its weights are 0.29 GB. So a second pass moves
 * each gradient op to the device that its neighbours' tensors cross the least bytes to reach
 * (a tensor already sent to a device for another reader crosses once), until nothing moves.
 * Where devices tie, the first choice stays; that changes where a sum is formed, not its value.
 */
public final class GradientPlacement {
  private static final Pattern GRADIENT = Pattern.compile("^gradients(_\\d+)?/");
  /** Sweeps of the second pass; each only moves ops to strictly cheaper devices. */
  private static final int MAX_SWEEPS = 8;

  /** Bytes of output {@code index} of node {@code node} (static shape; unknown dimensions count 1). */
  @FunctionalInterface
  public interface TensorBytes {
    long of(String node, int index);
  }

  private GradientPlacement() {}

  /** The sizes {@code graph}'s static shapes give, for {@link #place(GraphDef, TensorBytes)}. */
  public static TensorBytes staticSizes(Graph graph) {
    Map<String, Long> cache = new HashMap<>();
    return (node, index) -> cache.computeIfAbsent(node + ":" + index, k -> {
      GraphOperation op = graph.operation(node);
      if (op == null || index >= op.numOutputs()) {
        return 0L;
      }
      Output<?> out = op.output(index);
      long[] shape = out.shape().asArray();
      long n = 1;
      for (long d : shape == null ? new long[0] : shape) {
        n *= Math.max(d, 1);
      }
      return n * StepMemory.byteSize(out);
    });
  }

  /** {@code graph} with its unplaced gradient ops placed; every other node as it was. */
  public static GraphDef place(GraphDef graph, TensorBytes bytes) {
    GraphDef.Builder out = graph.toBuilder();
    Map<String, String> devices = new HashMap<>();
    List<Integer> movable = new ArrayList<>();
    for (int i = 0; i < out.getNodeCount(); i++) {
      NodeDef.Builder node = out.getNodeBuilder(i);
      if (node.getDevice().isEmpty() && isGradient(node.getName())) {
        String device = deviceOfInputs(node, devices);
        if (device != null) {
          node.setDevice(device);
          movable.add(i);
        }
      }
      devices.put(node.getName(), node.getDevice());
    }
    new Traffic(out, devices, bytes).settle(movable);
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

  /**
   * The data edges of a graph with their bytes, and the local search that moves gradient ops to
   * where their edges cost least. A tensor crosses to a device once per step whatever the number
   * of its readers there (TensorFlow's partitioner sends it once per destination device).
   */
  private static final class Traffic {
    private final GraphDef.Builder graph;
    private final Map<String, String> devices;
    private final TensorBytes bytes;
    /** Per tensor "node:index", the nodes that read it. */
    private final Map<String, List<String>> readers = new HashMap<>();
    /** Per node, the tensors it reads and the tensors it produces that others read. */
    private final Map<String, List<String>> reads = new HashMap<>();
    private final Map<String, List<String>> produces = new HashMap<>();

    Traffic(GraphDef.Builder graph, Map<String, String> devices, TensorBytes bytes) {
      this.graph = graph;
      this.devices = devices;
      this.bytes = bytes;
      for (NodeDef.Builder node : graph.getNodeBuilderList()) {
        for (String input : node.getInputList()) {
          if (input.startsWith("^")) {
            continue;
          }
          String tensor = input.indexOf(':') < 0 ? input + ":0" : input;
          if (readers.computeIfAbsent(tensor, k -> new ArrayList<>()).isEmpty()) {
            produces.computeIfAbsent(producer(tensor), k -> new ArrayList<>()).add(tensor);
          }
          readers.get(tensor).add(node.getName());
          reads.computeIfAbsent(node.getName(), k -> new ArrayList<>()).add(tensor);
        }
      }
    }

    void settle(List<Integer> movable) {
      for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
        boolean moved = false;
        for (int i : movable) {
          NodeDef.Builder node = graph.getNodeBuilder(i);
          String name = node.getName();
          String current = devices.get(name);
          String best = current;
          long bestCost = cost(name, current);
          for (String candidate : neighbourDevices(name)) {
            long c = cost(name, candidate);
            if (c < bestCost) {
              best = candidate;
              bestCost = c;
            }
          }
          if (!best.equals(current)) {
            devices.put(name, best);
            node.setDevice(best);
            moved = true;
          }
        }
        if (!moved) {
          return;
        }
      }
    }

    /** Bytes crossing devices on {@code node}'s data edges if it ran on {@code device}. */
    private long cost(String node, String device) {
      long total = 0;
      for (String tensor : reads.getOrDefault(node, List.of())) {
        String from = devices.getOrDefault(producer(tensor), "");
        if (!from.isEmpty() && !from.equals(device) && !readOnDeviceByOthers(tensor, device, node)) {
          total += bytes.of(producer(tensor), index(tensor));
        }
      }
      for (String tensor : produces.getOrDefault(node, List.of())) {
        Set<String> to = new HashSet<>();
        for (String reader : readers.get(tensor)) {
          String d = devices.getOrDefault(reader, "");
          if (!d.isEmpty() && !d.equals(device)) {
            to.add(d);
          }
        }
        total += to.size() * bytes.of(node, index(tensor));
      }
      return total;
    }

    private boolean readOnDeviceByOthers(String tensor, String device, String except) {
      for (String reader : readers.get(tensor)) {
        if (!reader.equals(except) && device.equals(devices.get(reader))) {
          return true;
        }
      }
      return false;
    }

    /** The devices of the producers {@code node} reads and the readers of what it produces, sorted. */
    private SortedSet<String> neighbourDevices(String node) {
      SortedSet<String> out = new TreeSet<>();
      for (String tensor : reads.getOrDefault(node, List.of())) {
        out.add(devices.getOrDefault(producer(tensor), ""));
      }
      for (String tensor : produces.getOrDefault(node, List.of())) {
        for (String reader : readers.get(tensor)) {
          out.add(devices.getOrDefault(reader, ""));
        }
      }
      out.remove("");
      return out;
    }

    private static String producer(String tensor) {
      return tensor.substring(0, tensor.lastIndexOf(':'));
    }

    private static int index(String tensor) {
      return Integer.parseInt(tensor.substring(tensor.lastIndexOf(':') + 1));
    }
  }
}
