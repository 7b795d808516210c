package org.constcl.proposal.source;

/** Felzenszwalb–Huttenlocher graph-based segments' bounding boxes, two scales. */
public final class GraphSource implements RegionSourceType {
  @Override
  public String name() {
    return "graph";
  }

  @Override
  public String description() {
    return "bounding boxes of graph-based segments at two scales";
  }

  @Override
  public Engine engine() {
    return GraphSegmentBoxes.ENGINE;
  }
}
