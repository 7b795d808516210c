package org.constcl.tfmodel.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.StepStats;

/**
 * Where one traced step's time went, per device (TensorFlow's {@code FULL_TRACE} step statistics,
 * which on a cluster include every worker's devices). Op times on one device overlap when the
 * device runs ops side by side, so a device's busy time is the union of its ops' intervals, not
 * their sum.
 *
 * @param wallMillis first op start to last op end over every device
 * @param devices one entry per device that ran ops, in device-name order
 */
public record StepProfile(double wallMillis, List<DeviceTime> devices) {
  /**
   * The size a {@code RecvTensor} entry's timeline label starts with: "[16384B] [206.7Mb/s] edge…",
   * from 0.1 MiB on "[4.0MB] [1.2Gb/s] edge…" (MiB, one decimal).
   */
  private static final Pattern TRANSFER_SIZE = Pattern.compile("^\\[(?:(\\d+)B|([\\d.]+)MB)\\]");

  /**
   * One device's share of the step.
   *
   * @param device TensorFlow's device name
   * @param ops op executions traced (transfers not counted)
   * @param busyMillis union of its ops' execution intervals
   * @param backwardMillis the part of {@code busyMillis} spent in the backward pass (ops under
   *     {@code gradients…/})
   * @param receiveMillis union of the intervals in which tensors from other processes were on their
   *     way to it (a transfer is requested when the consumer is ready: it includes waiting for the
   *     producer)
   * @param idleMillis the rest of the step's wall time: neither running ops nor receiving
   * @param remoteBytes bytes it received from other processes
   * @param topOps the op types with the most summed execution time, with their milliseconds
   */
  public record DeviceTime(String device, int ops, double busyMillis, double backwardMillis, double receiveMillis, double idleMillis, long remoteBytes,
      Map<String, Double> topOps) {}

  /**
   * Summarises {@code stats}, keeping the {@code top} op types of each device. A worker's trace
   * lists each tensor that crossed processes as a {@code RecvTensor} entry on the receiving
   * device ("[bytes B] [rate] edge from device to device"), beside its op entries.
   */
  public static StepProfile of(StepStats stats, int top) {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    Map<String, List<NodeExecStats>> byDevice = new TreeMap<>();
    for (DeviceStepStats d : stats.getDevStatsList()) {
      byDevice.computeIfAbsent(d.getDevice(), k -> new ArrayList<>()).addAll(d.getNodeStatsList());
      for (NodeExecStats n : d.getNodeStatsList()) {
        first = Math.min(first, n.getAllStartMicros());
        last = Math.max(last, end(n));
      }
    }
    double wall = first > last ? 0 : (last - first) / 1e3;
    List<DeviceTime> devices = new ArrayList<>();
    for (Map.Entry<String, List<NodeExecStats>> d : byDevice.entrySet()) {
      List<long[]> busy = new ArrayList<>();
      List<long[]> backward = new ArrayList<>();
      List<long[]> receiving = new ArrayList<>();
      Map<String, Double> byType = new TreeMap<>();
      long remote = 0;
      for (NodeExecStats n : d.getValue()) {
        long[] interval = {n.getAllStartMicros(), end(n)};
        if (n.getNodeName().equals("RecvTensor")) {
          receiving.add(interval);
          remote += transferBytes(n.getTimelineLabel());
          continue;
        }
        busy.add(interval);
        if (n.getNodeName().startsWith("gradients")) {
          backward.add(interval);
        }
        byType.merge(opType(n), (interval[1] - interval[0]) / 1e3, Double::sum);
      }
      if (busy.isEmpty() && receiving.isEmpty()) {
        continue;
      }
      Map<String, Double> topOps = new LinkedHashMap<>();
      byType.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(top)
          .forEach(e -> topOps.put(e.getKey(), e.getValue()));
      List<long[]> either = new ArrayList<>(busy);
      either.addAll(receiving);
      devices.add(new DeviceTime(d.getKey(), busy.size(), union(busy) / 1e3, union(backward) / 1e3,
          union(receiving) / 1e3, wall - union(either) / 1e3, remote, topOps));
    }
    return new StepProfile(wall, List.copyOf(devices));
  }

  /** The bytes a transfer's timeline label gives (MiB labels to their 0.1 MiB), 0 if it gives none. */
  static long transferBytes(String label) {
    Matcher m = TRANSFER_SIZE.matcher(label);
    if (!m.find()) {
      return 0;
    }
    return m.group(1) != null ? Long.parseLong(m.group(1)) : Math.round(Double.parseDouble(m.group(2)) * 1048576);
  }

  private static long end(NodeExecStats n) {
    return n.getAllStartMicros() + Math.max(n.getAllEndRelMicros(), n.getOpEndRelMicros());
  }

  /** Bytes received from other tasks, over every device. */
  public long remoteBytes() {
    return devices.stream().mapToLong(DeviceTime::remoteBytes).sum();
  }

  /** One line per device: time in ops (backward part), receiving, idle; bytes received; top op types. */
  public String describe(String indent) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%straced step %.0f ms, %.1f MB received across processes%n", indent, wallMillis,
        remoteBytes() / 1e6));
    for (DeviceTime d : devices) {
      StringBuilder ops = new StringBuilder();
      d.topOps().forEach((k, v) -> ops.append(String.format(Locale.ROOT, " %s %.0f", k, v)));
      sb.append(String.format(Locale.ROOT, "%s  %-26s ops %6.0f ms (backward %6.0f)  receiving %6.0f ms %7.1f MB"
          + "  idle %6.0f ms  top op ms:%s%n", indent, shortName(d.device()), d.busyMillis(), d.backwardMillis(),
          d.receiveMillis(), d.remoteBytes() / 1e6, d.idleMillis(), ops));
    }
    return sb.toString();
  }

  private static String shortName(String device) {
    return device.replace("/replica:0", "").replace("/device:", "/").replace("/job:", "");
  }

  /**
   * The op type of a traced node: its timeline label reads "name = Type(inputs)" (the type may
   * carry attributes in brackets); nodes without one are counted under their name.
   */
  public static String opType(NodeExecStats n) {
    String label = n.getTimelineLabel();
    int eq = label.indexOf(" = ");
    if (eq < 0) {
      return n.getNodeName();
    }
    String rest = label.substring(eq + 3);
    int end = 0;
    while (end < rest.length() && (Character.isLetterOrDigit(rest.charAt(end)) || rest.charAt(end) == '_')) {
      end++;
    }
    return rest.substring(0, end);
  }

  /** Total length of the union of {@code [start, end)} intervals, in the intervals' unit. */
  static long union(List<long[]> intervals) {
    intervals.sort(Comparator.comparingLong(i -> i[0]));
    long total = 0;
    long curStart = Long.MIN_VALUE;
    long curEnd = Long.MIN_VALUE;
    for (long[] i : intervals) {
      if (i[0] > curEnd) {
        if (curEnd > curStart) {
          total += curEnd - curStart;
        }
        curStart = i[0];
        curEnd = i[1];
      } else {
        curEnd = Math.max(curEnd, i[1]);
      }
    }
    if (curEnd > curStart) {
      total += curEnd - curStart;
    }
    return total;
  }
}
