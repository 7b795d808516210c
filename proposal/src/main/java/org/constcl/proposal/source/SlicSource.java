package org.constcl.proposal.source;

/** SLIC superpixels' bounding boxes. */
public final class SlicSource implements RegionSourceType {
  @Override
  public String name() {
    return "slic";
  }

  @Override
  public String description() {
    return "bounding boxes of the largest SLIC superpixels";
  }

  @Override
  public Engine engine() {
    return SlicBoxes.ENGINE;
  }
}
