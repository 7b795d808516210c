package org.constcl.proposal.source;

import java.util.Optional;
import org.constcl.proposal.detect.ModelFile;

/** Generic object boxes: selective search proposals, or a user's detector model (every class). */
public final class ObjectSource implements RegionSourceType {
  @Override
  public String name() {
    return "object";
  }

  @Override
  public String description() {
    return "generic object proposals (selective search, or --model)";
  }

  @Override
  public Engine engine() {
    return SelectiveSearchBoxes.ENGINE;
  }

  @Override
  public boolean takesModel() {
    return true;
  }

  @Override
  public Optional<Engine> detectorEngine(ModelFile model) {
    return Optional.of(DetectorBoxes.engine(name(), false, model.format()));
  }
}
