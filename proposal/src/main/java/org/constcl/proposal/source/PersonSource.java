package org.constcl.proposal.source;

import java.util.Optional;
import org.constcl.proposal.detect.ModelFile;

/** Person detector boxes: OpenCV's HOG people detector, or a user's detector model (class 1 = person). */
public final class PersonSource implements RegionSourceType {
  @Override
  public String name() {
    return "person";
  }

  @Override
  public String description() {
    return "person detections (HOG people detector, or --model)";
  }

  @Override
  public Engine engine() {
    return HogPeopleDetector.ENGINE;
  }

  @Override
  public boolean takesModel() {
    return true;
  }

  @Override
  public Optional<Engine> detectorEngine(ModelFile model) {
    return Optional.of(DetectorBoxes.engine(name(), true, model.format()));
  }
}
