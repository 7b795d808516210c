package org.constcl.tfmodel.model;

import java.util.Locale;

/**
 * The layout a global batch needs on given devices, from {@link StepMemory}: clips per device, the
 * fewest micro-batches whose micro-batch fits in a device's memory, the estimated peak and step
 * time. An estimate: activations from the graph's tensor sizes, a reserve for workspaces and the
 * framework, and time from convolution FLOPs at an assumed sustained rate.
 *
 * @param perDeviceClips clips each device takes of the global batch
 * @param microBatches micro-batches per device (a divisor of perDeviceClips); 0 when not even one
 *     clip fits
 * @param peakBytes estimated peak of one device with that layout
 * @param stepSeconds estimated step time (forward, backward; gradient caching adds a second forward)
 */
public record LayoutPlan(int devices, int workers, long deviceBytes, int perDeviceClips, int microBatches, long peakBytes,
    double stepSeconds) {
  /** Kept free on a device: a tenth of its memory plus 1 GiB (workspaces, the framework, fragmentation). */
  public static long usableBytes(long deviceBytes) {
    return deviceBytes - deviceBytes / 10 - (1L << 30);
  }

  /**
   * The layout of {@code globalBatch} clips on {@code workers} × {@code devices} devices of
   * {@code deviceBytes} each, sustaining {@code sustainedFlops} per second.
   */
  public static LayoutPlan of(StepMemory memory, int globalBatch, int devices, int workers, long deviceBytes,
      double sustainedFlops) {
    int towers = devices * workers;
    if (globalBatch % towers != 0) {
      throw new IllegalArgumentException("the global batch (" + globalBatch + ") must be a multiple of the devices ("
          + towers + ")");
    }
    int perDevice = globalBatch / towers;
    long room = usableBytes(deviceBytes) - memory.stateBytes();
    int microBatches = 0;
    for (int k = 1; k <= perDevice; k++) {
      if (perDevice % k == 0 && (long) (perDevice / k) * memory.activationBytesPerClip() <= room) {
        microBatches = k;
        break;
      }
    }
    int clips = microBatches == 0 ? 1 : perDevice / microBatches;
    long peak = memory.stateBytes() + clips * memory.activationBytesPerClip();
    // Backward ≈ 2 × forward; gradient caching runs every forward twice (representations, then backward).
    double forwards = microBatches > 1 ? 4 : 3;
    double seconds = forwards * memory.forwardFlopsPerClip() * perDevice / sustainedFlops;
    return new LayoutPlan(devices, workers, deviceBytes, perDevice, microBatches, peak, seconds);
  }

  public boolean fits() {
    return microBatches > 0;
  }

  /** One line: the layout, the memory, the time, and the settings that give it. */
  public String describe() {
    String where = workers > 1 ? workers + " workers × " + devices + " devices" : devices + " devices";
    if (!fits()) {
      return String.format(Locale.ROOT, "%s of %s: does not fit — one clip needs %s, %s usable", where, gb(deviceBytes),
          gb(peakBytes), gb(usableBytes(deviceBytes)));
    }
    return String.format(Locale.ROOT,
        "%s of %s: %d clips per device in %d micro-batch%s of %d, peak ≈ %s per device, step ≈ %.2f s (estimate);"
            + " settings: distribute.replicas=%d%s",
        where, gb(deviceBytes), perDeviceClips, microBatches, microBatches == 1 ? "" : "es", perDeviceClips / microBatches,
        gb(peakBytes), stepSeconds, devices, microBatches > 1 ? " distribute.micro_batches=" + microBatches : "");
  }

  private static String gb(long bytes) {
    return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
  }
}
