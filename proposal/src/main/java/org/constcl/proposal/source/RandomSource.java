package org.constcl.proposal.source;

/** Random boxes: 8 per frame, seeded by (seed, clip, frame); no pixels read. */
public final class RandomSource implements RegionSourceType {
  @Override
  public String name() {
    return "random";
  }

  @Override
  public String description() {
    return "seeded random boxes (the paper's default region source)";
  }

  @Override
  public Engine engine() {
    return RandomBoxes.ENGINE;
  }
}
