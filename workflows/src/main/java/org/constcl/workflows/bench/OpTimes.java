package org.constcl.workflows.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.constcl.tfmodel.model.StepProfile;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.StepStats;

/**
 * Where one traced TensorFlow step went: each node's wall time from the step's trace, summed per
 * op type (the kernel TensorFlow ran, e.g. {@code _MklNativeConv3D}, so oneDNN kernels show as such).
 */
final class OpTimes {
  private final Map<String, Long> micros;

  private OpTimes(Map<String, Long> micros) {
    this.micros = micros;
  }

  static OpTimes of(StepStats stats) {
    Map<String, Long> byType = new TreeMap<>();
    for (var device : stats.getDevStatsList()) {
      for (NodeExecStats n : device.getNodeStatsList()) {
        byType.merge(StepProfile.opType(n), n.getAllEndRelMicros(), Long::sum);
      }
    }
    return new OpTimes(byType);
  }

  /** The {@code top} op types by time, with their share of the traced total. */
  String report(String title, int top) {
    long total = micros.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder sb = new StringBuilder(title).append(String.format(Locale.ROOT, ": %.1f ms in ops%n", total / 1e3));
    micros.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(top)
        .forEach(e -> sb.append(String.format(Locale.ROOT, "    %-36s %8.1f ms  %5.1f%%%n",
            e.getKey(), e.getValue() / 1e3, 100.0 * e.getValue() / total)));
    return sb.toString();
  }
}
