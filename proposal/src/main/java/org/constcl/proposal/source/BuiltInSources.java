package org.constcl.proposal.source;

import java.util.List;

/** The five region sources of the paper's ablation. */
public final class BuiltInSources implements RegionSourceProvider {
  @Override
  public List<RegionSourceType> sources() {
    return List.of(
        RegionSourceType.of("random", "seeded random boxes (the paper's default region source)", RandomBoxes.ENGINE),
        RegionSourceType.of("slic", "bounding boxes of the largest SLIC superpixels", SlicBoxes.ENGINE),
        RegionSourceType.of("graph", "bounding boxes of graph-based segments at two scales", GraphSegmentBoxes.ENGINE),
        new RegionSourceType("person", "person detections (HOG people detector, or --model)", HogPeopleDetector.ENGINE,
            model -> DetectorBoxes.engine("person", true, model.format())),
        new RegionSourceType("object", "generic object proposals (selective search, or --model)", SelectiveSearchBoxes.ENGINE,
            model -> DetectorBoxes.engine("object", false, model.format())));
  }
}
