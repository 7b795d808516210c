package org.constcl.proposal.source;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.bytedeco.opencv.opencv_core.Mat;
import org.constcl.proposal.record.Box;

/**
 * Random boxes (reference §5.5): per frame, {@code boxes} boxes with normalised width
 * {@code w ~ U(min-size, max-size)}, aspect {@code a = h / w ~ U(min-aspect, max-aspect)}.
 * Draws come from a generator seeded by (seed, clip id, frame index), so a box never depends on
 * which worker computed it or in what order.
 *
 * <p>{@code generator} picks the placement:
 * <ul>
 *   <li>{@code inside} (default): independent draws, the box placed uniformly where it fits, so
 *       every box has exactly the drawn size and aspect;
 *   <li>{@code reference}: independent draws as the method describes, top-left corner
 *       {@code U(0, 1)}, far edges clipped at 0.999;
 *   <li>{@code released}: the released code's coupled draws: one {@code u ~ U(0, 1)} per box
 *       drives all four values ({@code xmin = ymin = u}, {@code w} and {@code a} at fraction u of
 *       their ranges), clipped at 0.999 — boxes along the image diagonal.
 * </ul>
 */
final class RandomBoxes implements RegionProposer {
  static final Map<String, String> DEFAULTS = Map.of(
      "boxes", "8",
      "min-size", "0.1",
      "max-size", "0.5",
      "min-aspect", "0.5",
      "max-aspect", "2.0",
      "generator", "inside");
  static final Engine ENGINE = new Engine("constcl/random-boxes-v1", DEFAULTS, Settings::from, true, false,
      c -> new RandomBoxes(Settings.from(c.params()), c.seed()));

  /** Validated parameters. */
  record Settings(RandomBoxGenerator generator) {
    static Settings from(SourceParams p) {
      p.requireOrdered("min-size", "max-size");
      p.requireOrdered("min-aspect", "max-aspect");
      RandomBoxGenerator.Placement placement =
          RandomBoxGenerator.Placement.parse(p.choice("generator", Set.of("inside", "reference", "released")));
      try {
        return new Settings(new RandomBoxGenerator(
            p.integer("boxes", 1, 1024),
            p.number("min-size", 0.001, 1),
            p.number("max-size", 0.001, 1),
            p.number("min-aspect", 0.01, 100),
            p.number("max-aspect", 0.01, 100),
            placement));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("source random: " + e.getMessage(), e);
      }
    }
  }

  private final Settings settings;
  private final long seed;

  RandomBoxes(Settings settings, long seed) {
    this.settings = settings;
    this.seed = seed;
  }

  @Override
  public List<Box> propose(FrameRef frame, Mat bgr) {
    return settings.generator().draw(new SplittableRandom(frameSeed(seed, frame.clipId(), frame.frameIndex())));
  }

  /** The seed of one frame's draws. */
  static long frameSeed(long seed, String clipId, int frameIndex) {
    return Hashing.murmur3_128()
        .newHasher()
        .putLong(seed)
        .putString(clipId, StandardCharsets.UTF_8)
        .putInt(frameIndex)
        .hash()
        .asLong();
  }

  @Override
  public void close() {}
}
