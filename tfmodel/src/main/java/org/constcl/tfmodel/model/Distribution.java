package org.constcl.tfmodel.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.constcl.tfmodel.nn.Precision;

/**
 * How a training step is laid out over devices: {@code replicas} towers in one graph, one per
 * device ({@code /device:GPU:i}, or logical CPU devices {@code /device:CPU:i} that the session
 * creates), each with clips/replicas clips of the global batch; batch norm synchronised across
 * them or per tower. Every replica's loss takes its negatives from the global batch and the
 * objective is the sum of the replicas' losses (reference §4.4), so with R replicas the step is
 * the one a single device takes with the whole batch and R times the learning rate. The layout
 * is not part of the variables: one checkpoint restores into any layout.
 *
 * @param replicas towers (1: today's single-device graph, bit for bit)
 * @param microBatches micro-batches per replica, with the contrastive coupling kept exact over the
 *     whole batch by gradient caching ({@link GradientCachedStep}); batch norm then normalises each
 *     round of micro-batches (one per replica) with its own statistics, per tower or synchronised
 * @param syncBatchNorm batch statistics over the global batch (the reference) or per tower
 * @param deviceType {@code cpu} (logical CPU devices) or {@code gpu}
 * @param precision number format of the products ({@link Precision}); weights, losses and outputs stay float32
 * @param workers the processes the towers run in ({@link WorkerCluster}): {@code replicas} towers on
 *     each worker's devices, the variables and the step on the chief (task 0); empty: this process
 */
public record Distribution(int replicas, int microBatches, boolean syncBatchNorm, String deviceType, Precision precision,
    WorkerCluster workers) {
  public Distribution {
    java.util.Objects.requireNonNull(precision, "precision");
    java.util.Objects.requireNonNull(workers, "workers");
    if (microBatches < 1) {
      throw new IllegalArgumentException("micro-batches must be at least 1, got " + microBatches);
    }
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas must be at least 1, got " + replicas);
    }
    if (!"cpu".equals(deviceType) && !"gpu".equals(deviceType)) {
      throw new IllegalArgumentException("device type must be cpu or gpu, got " + deviceType);
    }
  }

  /** In this process only. */
  public Distribution(int replicas, int microBatches, boolean syncBatchNorm, String deviceType, Precision precision) {
    this(replicas, microBatches, syncBatchNorm, deviceType, precision, WorkerCluster.none());
  }

  /** Whole batches per replica. */
  public Distribution(int replicas, boolean syncBatchNorm, String deviceType, Precision precision) {
    this(replicas, 1, syncBatchNorm, deviceType, precision);
  }

  /** Whole batches, float32 products. */
  public Distribution(int replicas, boolean syncBatchNorm, String deviceType) {
    this(replicas, 1, syncBatchNorm, deviceType, Precision.FLOAT32);
  }

  /** One device, {@code microBatches} micro-batches per step. */
  public static Distribution microBatched(int microBatches) {
    return new Distribution(1, microBatches, true, "cpu", Precision.FLOAT32);
  }

  /** One replica on one device, float32. */
  public static Distribution single() {
    return new Distribution(1, true, "cpu");
  }

  /** Whether this is anything but {@link #single()}. */
  public boolean isDefault() {
    return equals(single());
  }

  /** Towers over all workers: replicas on each. */
  public int towers() {
    return replicas * Math.max(1, workers.size());
  }

  public boolean replicated() {
    return towers() > 1;
  }

  /** Whether the towers run in other processes too. */
  public boolean distributed() {
    return !workers.isEmpty();
  }

  /** The device of tower {@code index}: worker index / replicas, its device index % replicas. */
  public String device(int index) {
    String local = "/device:" + deviceType.toUpperCase(java.util.Locale.ROOT) + ":" + (index % replicas);
    return distributed() ? WorkerCluster.taskPrefix(index / replicas) + local : local;
  }

  /** {@link #device} as TensorFlow Java's device spec. */
  public org.tensorflow.DeviceSpec deviceSpec(int index) {
    org.tensorflow.DeviceSpec.Builder b = org.tensorflow.DeviceSpec.newBuilder()
        .deviceType(org.tensorflow.DeviceSpec.DeviceType.valueOf(deviceType.toUpperCase(java.util.Locale.ROOT)))
        .deviceIndex(index % replicas);
    return distributed() ? b.job(WorkerCluster.JOB).replica(0).task(index / replicas).build() : b.build();
  }

  /** The layout as snake_case keys (checkpoints, summaries). */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("replicas", replicas);
    m.put("micro_batches", microBatches);
    m.put("sync_batch_norm", syncBatchNorm);
    m.put("device_type", deviceType);
    m.put("precision", precision.toString());
    if (distributed()) {
      m.put("workers", workers.toString());
    }
    return m;
  }
}
