package org.constcl.eval.track;


import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * SiamFC training pairs from GOT-10k-format sequences: a sequence, then two frames with the target
 * visible at most {@code maxGap} frames apart; the exemplar crop around the first, the search crop
 * around the second, both centred on the target (so its label is the response centre), each window
 * stretched by up to ±5% and the search window shifted by up to half a response cell (SiamFC's
 * augmentation). Pair {@code k} of a run draws from a generator seeded by (seed, k): the same pairs
 * whatever the batch boundaries.
 */
public final class PairSampler {
  private static final double STRETCH = 0.05;

  private final List<TrackingSequence> sequences;
  private final List<int[]> usable = new ArrayList<>();
  private final SiamFcConfig config;
  private final int maxGap;
  private final long seed;

  public PairSampler(List<TrackingSequence> sequences, SiamFcConfig config, int maxGap, long seed) throws IOException {
    this.config = config;
    this.maxGap = maxGap;
    this.seed = seed;
    List<TrackingSequence> kept = new ArrayList<>();
    for (TrackingSequence s : sequences) {
      List<Integer> frames = new ArrayList<>();
      for (int i = 0; i < s.frames().size(); i++) {
        if (s.usable(i)) {
          frames.add(i);
        }
      }
      if (frames.size() >= 2) {
        kept.add(s);
        usable.add(frames.stream().mapToInt(Integer::intValue).toArray());
      }
    }
    if (kept.isEmpty()) {
      throw new IOException("no training sequence has two frames with a visible target");
    }
    this.sequences = kept;
  }

  /** Usable frames over all sequences (one pair per frame is SiamFC's epoch). */
  public int frames() {
    return usable.stream().mapToInt(a -> a.length).sum();
  }

  /** Writes pair {@code k}: exemplar into {@code exemplars} and search into {@code searches} at slot {@code slot}. */
  public void pair(long k, byte[] exemplars, byte[] searches, int slot) throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + k);
    int s = rnd.nextInt(sequences.size());
    TrackingSequence seq = sequences.get(s);
    int[] frames = usable.get(s);
    int a = rnd.nextInt(frames.length);
    int lo = a;
    int hi = a;
    while (lo > 0 && frames[a] - frames[lo - 1] <= maxGap) {
      lo--;
    }
    while (hi < frames.length - 1 && frames[hi + 1] - frames[a] <= maxGap) {
      hi++;
    }
    int b = lo == hi ? a : lo + rnd.nextInt(hi - lo + 1);
    int e = config.exemplarSize();
    int x = config.searchSize();
    cut(seq, frames[a], e, e, 1 + STRETCH * (2 * rnd.nextDouble() - 1), 0, 0, exemplars, slot * e * e * 3);
    double shift = SiamFcConfig.TOTAL_STRIDE / 2.0;
    cut(seq, frames[b], e, x, 1 + STRETCH * (2 * rnd.nextDouble() - 1), shift * (2 * rnd.nextDouble() - 1),
        shift * (2 * rnd.nextDouble() - 1), searches, slot * x * x * 3);
  }

  private static void cut(TrackingSequence seq, int frame, int exemplarSize, int size, double stretch, double dx, double dy,
      byte[] out, int offset) throws IOException {
    Path file = seq.frames().get(frame);
    double[] box = seq.boxes().get(frame);
    try (Mat bgr = org.constcl.eval.data.FrameImage.readBgr(file)) {
      double side = TrackingCrops.exemplarSide(box[2], box[3]) * size / exemplarSize * stretch;
      double toFrame = side / size;
      try (Scalar mean = TrackingCrops.meanColour(bgr)) {
        TrackingCrops.crop(bgr, mean, box[0] + (box[2] - 1) / 2 + dx * toFrame, box[1] + (box[3] - 1) / 2 + dy * toFrame, side,
            size, out, offset);
      }
    }
  }
}
